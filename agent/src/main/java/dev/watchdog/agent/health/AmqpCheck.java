package dev.watchdog.agent.health;

import dev.watchdog.agent.hosts.AmqpUrls;
import dev.watchdog.agent.hosts.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Healthy when the broker completes the AMQP 0-9-1 handshake and opens the virtual host: protocol
 * header, Connection.Start / Start-Ok (PLAIN), Tune / Tune-Ok, Open / Open-Ok; then Close / Close-Ok.
 * Spoken over a plain socket: no client library, nothing loaded into the application. The check's
 * timeout bounds the whole exchange (every read waits only for what is left of it); the socket is
 * always closed. Reasons name the broker's own reply text, never the password sent.
 */
final class AmqpCheck implements Check {

    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final int FRAME_METHOD = 1;
    private static final int FRAME_HEARTBEAT = 8;
    private static final int FRAME_END = 0xCE;
    /** Our frames are small; the broker's Start (its properties) is about 1 KB: anything bigger is not a broker. */
    private static final int MAX_FRAME = 64 * 1024;
    private static final int CONNECTION = 10;
    private static final int START = 10;
    private static final int START_OK = 11;
    private static final int SECURE = 20;
    private static final int TUNE = 30;
    private static final int TUNE_OK = 31;
    private static final int OPEN = 40;
    private static final int OPEN_OK = 41;
    private static final int CLOSE = 50;
    private static final int CLOSE_OK = 51;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String vhost;

    AmqpCheck(String host, int port, String user, String password, String vhost) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.vhost = vhost;
    }

    /**
     * {@code amqp://[user[:password]@]host[:port][/vhost]}: user and password default to guest/guest, the
     * port to 5672, the vhost to "/" (also for a bare trailing '/'; "/" itself is written {@code %2F}).
     */
    static AmqpCheck of(String url) {
        String authority = AmqpUrls.authority(url);
        int at = authority.lastIndexOf('@');
        String user = "guest";
        String password = "guest";
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        HostPort hp = HostPort.parse(authority.substring(at + 1));
        if (hp == null) {
            throw new IllegalArgumentException("amqp check has no valid host");
        }
        String rawVhost = AmqpUrls.rawVhost(url);
        String vhost = rawVhost.isEmpty() ? "/" : decode(rawVhost);
        return new AmqpCheck(hp.host(), hp.port() > 0 ? hp.port() : AmqpUrls.DEFAULT_PORT, user, password, vhost);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    String vhost() {
        return vhost;
    }

    String user() {
        return user;
    }

    @Override
    public void run(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            Frames frames = new Frames(socket, deadline);
            OutputStream out = socket.getOutputStream();
            out.write(PROTOCOL_HEADER);
            out.flush();

            ByteBuffer start = frames.method("Connection.Start");
            expect(start, START, "Connection.Start");
            frames.send(startOk());

            ByteBuffer tune = frames.method("Connection.Tune (wrong user or password?)");
            int method = methodOf(tune);
            if (method == SECURE) {
                throw new IOException("broker asked for a SASL challenge (Connection.Secure): only PLAIN is supported");
            }
            expectOrClose(frames, tune, method, TUNE, "Connection.Tune", "authentication refused");
            int channelMax = tune.getShort() & 0xFFFF;
            long frameMax = tune.getInt() & 0xFFFFFFFFL;
            frames.send(tuneOk(channelMax, frameMax));
            frames.send(open());

            ByteBuffer opened = frames.method("Connection.Open-Ok");
            expectOrClose(frames, opened, methodOf(opened), OPEN_OK, "Connection.Open-Ok", "virtual host refused");
            closeQuietly(frames);
        }
    }

    /** Method id of a Connection-class method frame (class checked). */
    private static int methodOf(ByteBuffer payload) throws IOException {
        int classId = payload.getShort() & 0xFFFF;
        int methodId = payload.getShort() & 0xFFFF;
        if (classId != CONNECTION) {
            throw new IOException("not an AMQP 0-9-1 broker: got method " + classId + "." + methodId);
        }
        return methodId;
    }

    private static void expect(ByteBuffer payload, int wanted, String name) throws IOException {
        int method = methodOf(payload);
        if (method != wanted) {
            throw new IOException("expected " + name + ", got Connection method " + method);
        }
    }

    /** The broker's Connection.Close is answered (Close-Ok) and reported with its reply code and text. */
    private static void expectOrClose(Frames frames, ByteBuffer payload, int method, int wanted, String name, String what)
            throws IOException {
        if (method == CLOSE) {
            int code = payload.getShort() & 0xFFFF;
            String text = shortString(payload);
            try {
                frames.send(methodFrame(CLOSE_OK, new byte[0]));
            } catch (IOException ignored) {
                // the broker closes anyway
            }
            throw new IOException(what + ": " + code + " " + text);
        }
        if (method != wanted) {
            throw new IOException("expected " + name + ", got Connection method " + method);
        }
    }

    /** Connection.Close, then Close-Ok within what is left of the timeout: the broker logs a clean close. */
    private static void closeQuietly(Frames frames) {
        try {
            ByteArrayOutputStream args = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(args);
            d.writeShort(200);
            writeShortString(d, "watchdog check");
            d.writeShort(0);
            d.writeShort(0);
            frames.send(methodFrame(CLOSE, args.toByteArray()));
            frames.method("Connection.Close-Ok");
        } catch (IOException ignored) {
            // UP already: the vhost opened
        }
    }

    private byte[] startOk() throws IOException {
        ByteArrayOutputStream args = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(args);
        // client-properties: product, and the capability that makes a broker say why a login is refused
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(caps);
        writeShortString(c, "authentication_failure_close");
        c.writeByte('t');
        c.writeByte(1);
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(props);
        writeShortString(p, "product");
        p.writeByte('S');
        writeLongString(p, "watchdog-agent health check".getBytes(StandardCharsets.UTF_8));
        writeShortString(p, "capabilities");
        p.writeByte('F');
        p.writeInt(caps.size());
        caps.writeTo(p);
        d.writeInt(props.size());
        props.writeTo(d);
        writeShortString(d, "PLAIN");
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] response = new byte[u.length + pw.length + 2];
        System.arraycopy(u, 0, response, 1, u.length);
        System.arraycopy(pw, 0, response, u.length + 2, pw.length);
        writeLongString(d, response);
        writeShortString(d, "en_US");
        return methodFrame(START_OK, args.toByteArray());
    }

    private static byte[] tuneOk(int channelMax, long frameMax) throws IOException {
        ByteArrayOutputStream args = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(args);
        d.writeShort(channelMax);
        d.writeInt((int) (frameMax == 0 ? 131072 : Math.min(frameMax, 131072)));
        d.writeShort(0);   // no heartbeats: the connection lives for a moment
        return methodFrame(TUNE_OK, args.toByteArray());
    }

    private byte[] open() throws IOException {
        ByteArrayOutputStream args = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(args);
        writeShortString(d, vhost);
        writeShortString(d, "");
        d.writeByte(0);
        return methodFrame(OPEN, args.toByteArray());
    }

    /** A Connection-class method frame on channel 0. */
    private static byte[] methodFrame(int method, byte[] args) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(args.length + 12);
        DataOutputStream d = new DataOutputStream(frame);
        d.writeByte(FRAME_METHOD);
        d.writeShort(0);
        d.writeInt(args.length + 4);
        d.writeShort(CONNECTION);
        d.writeShort(method);
        d.write(args);
        d.writeByte(FRAME_END);
        return frame.toByteArray();
    }

    private static void writeShortString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) {
            throw new IOException("value too long for an AMQP short string (" + b.length + " bytes)");
        }
        d.writeByte(b.length);
        d.write(b);
    }

    private static void writeLongString(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b.length);
        d.write(b);
    }

    private static String shortString(ByteBuffer b) {
        int length = b.get() & 0xFF;
        byte[] s = new byte[Math.min(length, b.remaining())];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    /** Reads and writes frames, every read bounded by what is left until the deadline. */
    private static final class Frames {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final long deadline;

        Frames(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.deadline = deadline;
        }

        void send(byte[] frame) throws IOException {
            out.write(frame);
            out.flush();
        }

        /** The payload of the next method frame on channel 0 (heartbeats skipped); {@code waitingFor} names it in errors. */
        ByteBuffer method(String waitingFor) throws IOException {
            while (true) {
                byte[] header = new byte[7];
                readFully(header, waitingFor);
                if (header[0] == 'A' && header[1] == 'M' && header[2] == 'Q' && header[3] == 'P') {
                    throw new IOException("broker does not speak AMQP 0-9-1 (it answered with its own protocol header)");
                }
                ByteBuffer h = ByteBuffer.wrap(header);
                int type = h.get() & 0xFF;
                h.getShort();
                long size = h.getInt() & 0xFFFFFFFFL;
                if (size > MAX_FRAME) {
                    throw new IOException("not an AMQP broker: frame of " + size + " bytes");
                }
                byte[] payload = new byte[(int) size + 1];
                readFully(payload, waitingFor);
                if ((payload[payload.length - 1] & 0xFF) != FRAME_END) {
                    throw new IOException("not an AMQP broker: bad frame end");
                }
                if (type == FRAME_HEARTBEAT) {
                    continue;
                }
                if (type != FRAME_METHOD || size < 4) {
                    throw new IOException("not an AMQP broker: unexpected frame type " + type);
                }
                return ByteBuffer.wrap(payload, 0, (int) size);
            }
        }

        private void readFully(byte[] b, String waitingFor) throws IOException {
            int off = 0;
            while (off < b.length) {
                socket.setSoTimeout(remainingMillis(deadline));
                int n;
                try {
                    n = in.read(b, off, b.length - off);
                } catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("timed out waiting for " + waitingFor);
                }
                if (n < 0) {
                    throw new EOFException("broker closed the connection while we waited for " + waitingFor);
                }
                off += n;
            }
        }
    }
}
