package dev.watchdog.agent.health;

import dev.watchdog.agent.hosts.Resp;
import dev.watchdog.agent.hosts.RedisUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Healthy when the server answers {@code PING} with {@code +PONG}, after {@code AUTH} when a password
 * is given. Speaks RESP over a plain socket: no client library, nothing loaded into the application.
 */
final class RedisCheck implements Check {

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
        RedisUrls.Endpoint endpoint = RedisUrls.parse(url, fallbackPassword);
        return new RedisCheck(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
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
                out.write(user == null ? Resp.command("AUTH", password) : Resp.command("AUTH", user, password));
                out.flush();
                String reply = Resp.line(in);
                if (!reply.startsWith("+OK")) {
                    // never echo what we sent; the server's error says enough ("-WRONGPASS ...")
                    throw new IOException("AUTH refused: " + reply);
                }
            }
            out.write(Resp.command("PING"));
            out.flush();
            String reply = Resp.line(in);
            if (!reply.equals("+PONG")) {
                throw new IOException("PING answered " + (reply.isEmpty() ? "nothing" : reply));
            }
        }
    }
}
