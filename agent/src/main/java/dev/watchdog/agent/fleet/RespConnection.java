package dev.watchdog.agent.fleet;

import dev.watchdog.agent.hosts.Resp;
import dev.watchdog.agent.hosts.RedisUrls;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection to Redis, spoken in RESP over a plain or TLS socket: connect, AUTH and SELECT within
 * the timeout, then pipelined commands. Every byte and command is counted in the member's traffic.
 * Not thread-safe: each fleet thread owns its connection.
 */
final class RespConnection implements Closeable {

    private final Socket socket;
    private final OutputStream out;
    private final RespReader reader;
    private final FleetTraffic traffic;
    private final int timeoutMillis;

    private RespConnection(Socket socket, int timeoutMillis, FleetTraffic traffic) throws IOException {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
        this.traffic = traffic;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.reader = new RespReader(new Counting(socket.getInputStream(), traffic));
    }

    /** Connects, authenticates and selects the database; the name shows in CLIENT LIST. */
    static RespConnection open(RedisUrls.Endpoint endpoint, Duration timeout, FleetTraffic traffic, String clientName)
            throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            if (endpoint.tls()) {
                socket = tls(socket, endpoint);
            }
            RespConnection c = new RespConnection(socket, millis, traffic);
            List<String[]> hello = new ArrayList<>();
            if (endpoint.password() != null && !endpoint.password().isEmpty()) {
                hello.add(endpoint.user() == null ? new String[] {"AUTH", endpoint.password()}
                        : new String[] {"AUTH", endpoint.user(), endpoint.password()});
            }
            if (endpoint.db() > 0) {
                hello.add(new String[] {"SELECT", Integer.toString(endpoint.db())});
            }
            hello.add(new String[] {"CLIENT", "SETNAME", clientName.replaceAll("[^\\x21-\\x7e]", "_")});
            List<Object> replies = c.call(hello);
            for (int i = 0; i < replies.size(); i++) {
                // CLIENT SETNAME may be forbidden by an ACL: only AUTH and SELECT must succeed
                if (replies.get(i) instanceof RespError e && !"CLIENT".equals(hello.get(i)[0])) {
                    // the server's error, never what we sent ("-WRONGPASS invalid username-password pair")
                    throw new IOException(hello.get(i)[0] + " refused: " + e.message());
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket tls(Socket plain, RedisUrls.Endpoint endpoint) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, endpoint.host(), endpoint.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");   // the certificate must name the host
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** Sends the commands in one write and reads one reply for each. */
    List<Object> call(List<String[]> commands) throws IOException {
        send(commands);
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(reader.read());
        }
        return replies;
    }

    /** Sends without reading: the subscriber's replies arrive as messages. */
    void send(List<String[]> commands) throws IOException {
        for (String[] command : commands) {
            byte[] bytes = Resp.command(command);
            out.write(bytes);
            traffic.bytesSent.addAndGet(bytes.length);
        }
        out.flush();
        traffic.commands.addAndGet(commands.size());
    }

    /** The next reply or message, within the connection's timeout. */
    Object read() throws IOException {
        return reader.read();
    }

    /**
     * Whether a reply starts within {@code waitMillis}: waiting without consuming a byte, so a quiet
     * subscriber can time out safely between messages (a timeout inside a reply would lose its place).
     */
    boolean awaitData(int waitMillis) throws IOException {
        if (reader.buffered()) {
            return true;
        }
        socket.setSoTimeout(Math.max(1, waitMillis));
        try {
            return reader.fill();
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeoutMillis);
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    /** Counts what the server sends. */
    private static final class Counting extends FilterInputStream {

        private final FleetTraffic traffic;

        Counting(InputStream in, FleetTraffic traffic) {
            super(in);
            this.traffic = traffic;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                traffic.bytesReceived.incrementAndGet();
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                traffic.bytesReceived.addAndGet(n);
            }
            return n;
        }
    }
}
