package dev.watchdog.testapps.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HttpServer on a free loopback port with {@code /health} and {@code /api}; the status
 * both answer can be switched at run time (200 healthy, 503 unhealthy).
 *
 * <p>Its sockets get TCP_NODELAY ({@code sun.net.httpserver.nodelay}): the JDK server writes the
 * headers and the body of a response separately, and without it Nagle holds the body until the
 * client's delayed ACK, about 40 ms per request on loopback. The JDK reads the property once, when
 * the first HttpServer of the JVM is made, so the test JVM also gets it on its command line (pom).
 */
public final class SwitchableHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile int status = 200;

    private SwitchableHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static SwitchableHttpServer start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "switchable-http");
            t.setDaemon(true);
            return t;
        });
        SwitchableHttpServer s = new SwitchableHttpServer(server, executor);
        server.createContext("/health", s::answer);
        server.createContext("/api", s::answer);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void status(int status) {
        this.status = status;
    }

    private void answer(HttpExchange exchange) throws IOException {
        int code = status;
        byte[] body = (code == 200 ? "ok\n" : "unavailable\n").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
