package dev.watchdog.agent.hosts;

/** {@code amqp://[user[:password]@]host[:port][/vhost]} URLs: read alike by the configuration and the AMQP check. */
public final class AmqpUrls {

    /** The port an amqp:// URL without one means. */
    public static final int DEFAULT_PORT = 5672;

    private AmqpUrls() {
    }

    /** {@code [user[:password]@]host[:port]}: what follows the scheme, up to a path, query or fragment. */
    public static String authority(String url) {
        return url.substring("amqp://".length()).split("[/?#]", 2)[0];
    }

    /** The raw (still percent-encoded) path after the authority without its leading '/', "" when none. */
    public static String rawVhost(String url) {
        String rest = url.substring("amqp://".length()).split("[?#]", 2)[0];
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(slash + 1);
    }
}
