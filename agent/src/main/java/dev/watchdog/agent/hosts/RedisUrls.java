package dev.watchdog.agent.hosts;

/** {@code redis://[[user]:password@]host[:port][/db]} URLs: read alike by the configuration and the Redis check. */
public final class RedisUrls {

    /** The port a redis:// URL without one means. */
    public static final int DEFAULT_PORT = 6379;

    private RedisUrls() {
    }

    /** {@code [[user]:password@]host[:port]}: what follows the scheme, up to a path, query or fragment. */
    public static String authority(String url) {
        return url.substring("redis://".length()).split("[/?#]", 2)[0];
    }
}
