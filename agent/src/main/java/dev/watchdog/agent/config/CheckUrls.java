package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.GrpcUrls;
import dev.watchdog.agent.hosts.AmqpUrls;
import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.hosts.HttpUris;
import dev.watchdog.agent.hosts.JdbcUrls;
import dev.watchdog.agent.hosts.RedisUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Reads a target's check URL: the kind of check and the host keys it covers. */
final class CheckUrls {

    static final String EXPECTED = "expected tcp://host:port, http(s)://host[:port]/path, jdbc:..., redis://[:password@]host[:port], grpc://host:port[/service] or amqp://[user:password@]host[:port][/vhost]";

    /**
     * What a check URL covers.
     *
     * @param hosts the check's default host keys; empty for a JDBC URL without a network host
     */
    record Coverage(CheckKind kind, List<String> hosts) {
    }

    private CheckUrls() {
    }

    /** @throws IllegalArgumentException completing {@code "<url>" ...} */
    static Coverage parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://")) {
            return new Coverage(CheckKind.TCP, List.of(tcpHost(url.substring("tcp://".length()))));
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new Coverage(CheckKind.HTTP, List.of(httpHost(url)));
        }
        if (lower.startsWith("redis://")) {
            return new Coverage(CheckKind.REDIS, List.of(redisHost(url)));
        }
        if (lower.startsWith(GrpcUrls.SCHEME)) {
            return new Coverage(CheckKind.GRPC, List.of(grpcHost(url)));
        }
        if (lower.startsWith("amqp://")) {
            return new Coverage(CheckKind.AMQP, List.of(amqpHost(url)));
        }
        if (lower.startsWith("jdbc:")) {
            JdbcCheckUrls.requireSafe(url);
            return new Coverage(CheckKind.JDBC, JdbcUrls.hostKeys(url));
        }
        if (url.isBlank()) {
            throw new IllegalArgumentException("is empty; " + EXPECTED);
        }
        throw new IllegalArgumentException("has an unknown scheme; " + EXPECTED);
    }

    private static String tcpHost(String afterScheme) {
        String authority = afterScheme.split("[/?#]", 2)[0];
        HostPort hp = HostPort.parse(authority.substring(authority.lastIndexOf('@') + 1));
        if (hp == null) {
            throw new IllegalArgumentException("has no valid host; expected tcp://host:port");
        }
        if (hp.port() < 0) {
            throw new IllegalArgumentException("has no port; expected tcp://host:port");
        }
        return hp.key(-1);
    }

    private static String redisHost(String url) {
        String authority = RedisUrls.authority(url);
        HostPort hp = HostPort.parse(authority.substring(authority.lastIndexOf('@') + 1));
        if (hp == null) {
            throw new IllegalArgumentException("has no valid host; expected redis://[:password@]host[:port]");
        }
        return hp.key(RedisUrls.DEFAULT_PORT);
    }

    private static String grpcHost(String url) {
        HostPort hp = HostPort.parse(GrpcUrls.authority(url));
        if (hp == null) {
            throw new IllegalArgumentException("has no valid host; expected grpc://host:port[/service]");
        }
        if (hp.port() < 0) {
            throw new IllegalArgumentException("has no port; expected grpc://host:port[/service]");
        }
        return hp.key(-1);
    }

    private static String amqpHost(String url) {
        String authority = AmqpUrls.authority(url);
        HostPort hp = HostPort.parse(authority.substring(authority.lastIndexOf('@') + 1));
        if (hp == null) {
            throw new IllegalArgumentException("has no valid host; expected amqp://[user:password@]host[:port][/vhost]");
        }
        String vhost = AmqpUrls.rawVhost(url);
        if (vhost.indexOf('/') >= 0) {
            throw new IllegalArgumentException("has a '/' in its vhost; write it %2F, as in amqp://host:5672/%2F");
        }
        return hp.key(AmqpUrls.DEFAULT_PORT);
    }

    private static String httpHost(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the reason only: the exception's message repeats the whole (possibly secret) input
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + "); expected http(s)://host[:port]/path");
        }
        String key = HttpUris.hostKey(uri);
        if (key == null) {
            throw new IllegalArgumentException("has no valid host; expected http(s)://host[:port]/path");
        }
        return key;
    }
}
