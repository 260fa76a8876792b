package dev.watchdog.testapps.clients.scenarios;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client in the proof table: the application that calls it (a main following HttpClientsApp's
 * contract, {@code main(<target> <periodMs> <maxSeconds> [kind,kind...])}, printing {@code CALL} lines
 * through {@code Calls}), the kinds it runs, what stands behind the proxy, the application's target and the
 * agent's check URL (each a format whose {@code %s} is the proxy's {@code host:port}), and its transports:
 * a name and the extra JVM flags of each (a client with one transport has {@link #ONE_TRANSPORT}).
 * Specs that differ only in client name and kinds run in one application JVM.
 */
public record ClientSpec(String client, String appClass, List<String> kinds, Backend backend,
                         String targetFormat, String checkFormat, Map<String, List<String>> transports) {

    /** A client without a choice of transport. */
    public static final Map<String, List<String>> ONE_TRANSPORT = Map.of("-", List.of());

    public ClientSpec {
        kinds = List.copyOf(kinds);
        transports = new LinkedHashMap<>(transports);
    }

    /** A client of {@code HttpClientsApp}: the JDK HttpServer behind the proxy, {@code /api} called, {@code /health} checked. */
    public static ClientSpec http(String client, String... kinds) {
        return new ClientSpec(client, "dev.watchdog.testapps.clients.HttpClientsApp", List.of(kinds), Backend.jdkHttp(),
                "http://%s/api", "http://%s/health", ONE_TRANSPORT);
    }

    /** A client of another HTTP application (same arguments as HttpClientsApp's) against the JDK HttpServer. */
    public static ClientSpec http(String client, Class<?> app, String... kinds) {
        return new ClientSpec(client, app.getName(), List.of(kinds), Backend.jdkHttp(), "http://%s/api", "http://%s/health", ONE_TRANSPORT);
    }

    /** A client of {@code HttpClientsApp} that speaks only HTTP/2: an {@code H2cServer} behind the proxy. */
    public static ClientSpec http2(String client, String... kinds) {
        return new ClientSpec(client, "dev.watchdog.testapps.clients.HttpClientsApp", List.of(kinds), Backend.h2c(),
                "http://%s/api", "http://%s/health", ONE_TRANSPORT);
    }

    /** A client of any application following the contract, its target {@code host:port} itself. */
    public static ClientSpec of(String client, Class<?> app, Backend backend, String checkFormat, String... kinds) {
        return new ClientSpec(client, app.getName(), List.of(kinds), backend, "%s", checkFormat, ONE_TRANSPORT);
    }

    /** The same client with its transports: name and extra JVM flags, e.g. {@code epoll} and {@code nio}. */
    public ClientSpec withTransports(Map<String, List<String>> byName) {
        return new ClientSpec(client, appClass, kinds, backend, targetFormat, checkFormat, byName);
    }

    /** What one application JVM shares: all but the client's name and kinds. */
    record RunKey(String appClass, Backend backend, String targetFormat, String checkFormat, Map<String, List<String>> transports) {
    }

    RunKey runKey() {
        return new RunKey(appClass, backend, targetFormat, checkFormat, transports);
    }

    /** What the proxy forwards to. */
    public sealed interface Backend {
        /** The JDK HttpServer ({@code SwitchableHttpServer}) the harness starts, 200 on /health and /api. */
        record JdkHttp() implements Backend {
        }

        /** An HTTP server that also speaks cleartext HTTP/2 ({@code H2cServer}), for HTTP/2-only clients. */
        record H2c() implements Backend {
        }

        /** An in-process gRPC server (grpc-netty-shaded) with the standard health service, SERVING. */
        record Grpc() implements Backend {
        }

        /** A server already running on this machine (Redis 6379, PostgreSQL 5432, RabbitMQ 5672...). */
        record Local(String host, int port) implements Backend {
        }

        /** No server at all (a refused port): only the from-the-start scenarios mean something. */
        record Dead() implements Backend {
        }

        static Backend jdkHttp() {
            return new JdkHttp();
        }

        static Backend h2c() {
            return new H2c();
        }

        static Backend grpc() {
            return new Grpc();
        }

        static Backend local(String host, int port) {
            return new Local(host, port);
        }

        static Backend dead() {
            return new Dead();
        }

        /** Whether a warm connection (a first successful call) can be had. */
        default boolean canWarm() {
            return !(this instanceof Dead);
        }
    }
}
