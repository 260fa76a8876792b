package dev.watchdog.testapps.net;

import java.util.concurrent.TimeUnit;

/**
 * A server in a JVM of its own, for tests that stop and continue the server's whole process
 * ({@code kill -STOP} / {@code kill -CONT}) without touching the test JVM or a shared database.
 * Prints {@code PORT <port>} once listening; exits by itself after {@code maxSeconds}, so a test
 * JVM that died cannot leave it behind for long.
 *
 * <p>Usage: {@code ServerMain h2|http <maxSeconds>}
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("h2") || args[0].equals("http"))) {
            System.err.println("usage: ServerMain h2|http <maxSeconds>");
            System.exit(2);
        }
        AutoCloseable server;
        int port;
        if (args[0].equals("h2")) {
            H2TcpServer h2 = H2TcpServer.start();
            server = h2;
            port = h2.port();
        } else {
            SwitchableHttpServer http = SwitchableHttpServer.start();
            server = http;
            port = http.port();
        }
        System.out.println("PORT " + port);
        System.out.flush();
        TimeUnit.SECONDS.sleep(Long.parseLong(args[1]));
        server.close();
        System.exit(0);
    }
}
