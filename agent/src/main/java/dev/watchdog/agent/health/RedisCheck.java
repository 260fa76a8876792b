package dev.watchdog.agent.health;

import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.hosts.RedisUrls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Healthy when the server answers {@code PING} with {@code +PONG}, after {@code AUTH} when a password
 * is given. Speaks RESP over a plain socket: no client library, nothing loaded into the application.
 */
final class RedisCheck implements Check {

    private static final int MAX_LINE = 512;

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    RedisCheck(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** {@code redis://[[user]:password@]host[:port][/db]}; a password in the URL wins over {@code fallbackPassword}. */
    static RedisCheck of(String url, String fallbackPassword) {
        String authority = RedisUrls.authority(url);
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = fallbackPassword;
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : decode(info.substring(0, colon));
            String p = colon < 0 ? decode(info) : decode(info.substring(colon + 1));
            user = u.isEmpty() ? null : u;
            password = p.isEmpty() ? fallbackPassword : p;
        }
        HostPort hp = HostPort.parse(authority.substring(at + 1));
        if (hp == null) {
            throw new IllegalArgumentException("redis check has no valid host");
        }
        return new RedisCheck(hp.host(), hp.port() > 0 ? hp.port() : RedisUrls.DEFAULT_PORT, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void run(Duration timeout) throws Exception {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null && !password.isEmpty()) {
                out.write(user == null ? command("AUTH", password) : command("AUTH", user, password));
                out.flush();
                String reply = line(in);
                if (!reply.startsWith("+OK")) {
                    // never echo what we sent; the server's error says enough ("-WRONGPASS ...")
                    throw new IOException("AUTH refused: " + reply);
                }
            }
            out.write(command("PING"));
            out.flush();
            String reply = line(in);
            if (!reply.equals("+PONG")) {
                throw new IOException("PING answered " + (reply.isEmpty() ? "nothing" : reply));
            }
        }
    }

    /** A RESP array of bulk strings. */
    static byte[] command(String... parts) {
        StringBuilder s = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            s.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One reply line without its CRLF, bounded so a wrong server cannot make us buffer much. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && buf.size() < MAX_LINE) {
            if (c != '\r') {
                buf.write(c);
            }
        }
        if (c < 0 && buf.size() == 0) {
            throw new IOException("connection closed without an answer");
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
