package dev.watchdog.agent.status.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.bootstrap.AgentThread;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.TaggedLogger;

/**
 * {@code /metrics}, {@code /status}, {@code /health} on the JDK's HTTP server. Start it from a
 * daemon thread: the server's dispatcher thread inherits that, and a non-daemon one would keep the
 * application alive. Requests run on a small bounded pool of agent threads; when it is full the
 * dispatcher answers itself, which slows a flood down instead of queueing it without bound.
 */
public final class StatusHttpServer implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("status");
    private static final int THREADS = 2;
    private static final int QUEUE = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private StatusHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param port 0 picks a free port (tests) */
    public static StatusHttpServer start(String bind, int port, StatusSource source) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), task -> new AgentThread(task, "watchdog-status-http-" + count.incrementAndGet()),
                new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, source));
        server.start();
        return new StatusHttpServer(server, executor);
    }

    private static void handle(HttpExchange exchange, StatusSource source) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            switch (path) {
                case "/metrics" -> send(exchange, 200, PrometheusText.CONTENT_TYPE, Metrics.render(source));
                case "/status" -> send(exchange, 200, "application/json", StatusDocument.status(source));
                case "/health" -> {
                    var targets = source.targets();
                    send(exchange, StatusDocument.allUp(targets) ? 200 : 503, "application/json",
                            StatusDocument.health(targets, source.fleet()));
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics, /status or /health\n");
            }
        } catch (Throwable e) {
            LOG.warn("status request failed: {}", e.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** host:port actually bound, e.g. 127.0.0.1:9464. */
    public String address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
