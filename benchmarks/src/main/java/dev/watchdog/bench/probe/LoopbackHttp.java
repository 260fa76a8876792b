package dev.watchdog.bench.probe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A loopback HttpServer answering "ok", started from a daemon thread so it never keeps the JVM alive. */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    public static HttpServer start() {
        // without TCP_NODELAY small responses wait for the client's delayed ACK: ~40 ms per call on loopback
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                server.createContext("/", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(200, ok.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(ok);
                    }
                });
                server.start();
                started.complete(server);
            } catch (IOException e) {
                started.completeExceptionally(new UncheckedIOException(e));
            }
        }, "loopback-http-start");
        t.setDaemon(true);
        t.start();
        return started.join();
    }
}
