package dev.watchdog.agent.hosts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code redis[s]://[[user]:password@]host[:port][/db]} URLs: read alike by the configuration, the Redis
 * check and the fleet's Redis client.
 */
public final class RedisUrls {

    /** The port a redis:// URL without one means. */
    public static final int DEFAULT_PORT = 6379;

    private static final String TLS_SCHEME = "rediss://";

    private RedisUrls() {
    }

    /**
     * Where and how to connect.
     *
     * @param tls      rediss://: TLS with the JDK's default context
     * @param user     null when none was written (AUTH with the password alone)
     * @param password null when none was written; never shown by {@link #toString()}
     * @param db       the database to SELECT: 0 when none was written, -1 when the path is not a database number
     */
    public record Endpoint(boolean tls, String host, int port, String user, String password, int db) {

        /** The URL without its password. */
        @Override
        public String toString() {
            String info = user == null && password == null ? ""
                    : (user == null ? "" : user) + (password == null ? "" : ":" + Secrets.MASK) + "@";
            return (tls ? TLS_SCHEME : "redis://") + info + new HostPort(host, port).key(port) + "/" + db;
        }
    }

    /** {@code [[user]:password@]host[:port]}: what follows the scheme, up to a path, query or fragment. */
    public static String authority(String url) {
        int start = url.regionMatches(true, 0, TLS_SCHEME, 0, TLS_SCHEME.length()) ? TLS_SCHEME.length() : "redis://".length();
        return url.substring(start).split("[/?#]", 2)[0];
    }

    /**
     * Reads a redis:// or rediss:// URL; a password in the URL wins over {@code fallbackPassword}.
     *
     * @throws IllegalArgumentException when the scheme, host or port is not valid (the message never quotes the URL)
     */
    public static Endpoint parse(String url, String fallbackPassword) {
        boolean tls = url.regionMatches(true, 0, TLS_SCHEME, 0, TLS_SCHEME.length());
        if (!tls && !url.regionMatches(true, 0, "redis://", 0, "redis://".length())) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL");
        }
        String authority = authority(url);
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
            throw new IllegalArgumentException("redis URL has no valid host");
        }
        return new Endpoint(tls, hp.host(), hp.port() > 0 ? hp.port() : DEFAULT_PORT, user, password, db(url, authority));
    }

    private static int db(String url, String authority) {
        int afterScheme = url.indexOf("://") + 3;
        String rest = url.substring(afterScheme + authority.length());
        if (!rest.startsWith("/")) {
            return 0;
        }
        String path = rest.substring(1).split("[?#]", 2)[0];
        if (path.isEmpty()) {
            return 0;
        }
        if (path.length() > 5 || !path.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(path);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
