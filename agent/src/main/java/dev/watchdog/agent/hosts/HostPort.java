package dev.watchdog.agent.hosts;

import dev.watchdog.bootstrap.Gate;
import java.util.regex.Pattern;

/**
 * One {@code host[:port]} address as written in a URL or a config value. The single place that
 * knows about IPv6 brackets and port syntax, so every parser agrees on what a host is.
 *
 * @param host the host without IPv6 brackets
 * @param port the port, or -1 when none was written
 */
public record HostPort(String host, int port) {

    /** Letters, digits, '.', '-' and '_' (real networks use underscores even though RFCs forbid them). */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** An IPv6 literal, optionally with a zone id ("fe80::1%eth0"). */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._~-]+)?");

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal.
     * Null when the text is not a plausible address: callers skip what they cannot read rather than guess.
     */
    public static HostPort parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!IPV6.matcher(host).matches()) {
                return null;
            }
            if (rest.isEmpty()) {
                return new HostPort(host, -1);
            }
            int port = rest.startsWith(":") ? parsePort(rest.substring(1)) : 0;
            return port > 0 ? new HostPort(host, port) : null;
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return HOST_NAME.matcher(s).matches() ? new HostPort(s, -1) : null;
        }
        if (s.indexOf(':', colon + 1) >= 0) {
            // several colons without brackets: only a bare IPv6 literal, which cannot carry a port
            return IPV6.matcher(s).matches() ? new HostPort(s, -1) : null;
        }
        String host = s.substring(0, colon);
        int port = parsePort(s.substring(colon + 1));
        return port > 0 && HOST_NAME.matcher(host).matches() ? new HostPort(host, port) : null;
    }

    /** A port 1..65535, or -1 when the text is anything else. */
    public static int parsePort(String text) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        int port = Integer.parseInt(s);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    /** The canonical {@link Gate#key} using {@code defaultPort} when none was written; null when neither is known. */
    public String key(int defaultPort) {
        int p = port > 0 ? port : defaultPort;
        return p > 0 ? Gate.key(host, p) : null;
    }
}
