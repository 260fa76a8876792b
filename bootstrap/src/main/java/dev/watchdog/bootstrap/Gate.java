package dev.watchdog.bootstrap;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The breaker gate every advice reads. It lives on the bootstrap class loader so that advice
 * inlined into any class (the JDK's own included) can reach it.
 *
 * <p>Hot path: advice calls {@link #anyOpen()} first, a single volatile read. Only when some
 * breaker is open does it compute the call's host key and ask for a rejection message.
 * The agent pushes breaker state in with {@link #open} and {@link #close}.
 */
public final class Gate {

    private static final Object LOCK = new Object();
    /** host key ("host:port") of every open breaker, mapped to the rejection message. */
    private static final ConcurrentHashMap<String, String> OPEN = new ConcurrentHashMap<>();
    private static volatile int openCount;
    private static volatile boolean enforcing = true;
    /** Null until the agent starts; boot classes never subclass one another, so no default instance. */
    private static volatile GateListener listener;

    private Gate() {
    }

    /** The hot-path test: true while at least one breaker is open. */
    public static boolean anyOpen() {
        return openCount != 0;
    }

    /** Rejection message for a call to {@code host:port}, or null when the call may go through. */
    public static String rejectHost(String host, int port) {
        if (host == null || port <= 0) {
            return null;
        }
        return rejectKey(key(host, port));
    }

    /** As {@link #rejectHost}, for a URL's scheme, host and port (-1: the scheme's default). */
    public static String rejectUrl(String scheme, String host, int port) {
        if (port <= 0) {
            port = defaultPort(scheme);
        }
        return rejectHost(host, port);
    }

    /** Rejection message for a JDBC URL: only when every host it lists is open. */
    public static String rejectJdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        GateListener l = listener;
        String[] hosts = l == null ? null : l.hostsOfJdbcUrl(url);
        if (hosts == null || hosts.length == 0) {
            return null;
        }
        for (String host : hosts) {
            if (!OPEN.containsKey(host)) {
                return null;
            }
        }
        return rejectKey(hosts[0]);
    }

    /** Rejection message for a host key, or null; counts the rejection. */
    public static String rejectKey(String hostKey) {
        String message = OPEN.get(hostKey);
        if (message == null || Thread.currentThread() instanceof AgentThread) {
            return null;
        }
        boolean enforce = enforcing;
        GateListener l = listener;
        if (l != null) {
            l.rejected(hostKey, enforce);
        }
        return enforce ? message : null;
    }

    /** Advice calls this with its own unexpected failure; the application never sees it. */
    public static void adviceFailed(Throwable error) {
        try {
            GateListener l = listener;
            if (l != null) {
                l.adviceFailed(error);
            }
        } catch (Throwable ignored) {
            // the agent's own failure must never reach the application
        }
    }

    /** The canonical host key: lower-case host, port. IPv6 literals keep their brackets. */
    public static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return h + ':' + port;
    }

    /** Default port of a URL scheme, -1 when unknown. */
    public static int defaultPort(String scheme) {
        if (scheme == null) {
            return -1;
        }
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            default:
                return -1;
        }
    }

    // ---- the agent's side ----

    public static void open(String hostKey, String message) {
        synchronized (LOCK) {
            OPEN.put(hostKey, message);
            openCount = OPEN.size();
        }
    }

    public static void close(String hostKey) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            openCount = OPEN.size();
        }
    }

    public static boolean isOpen(String hostKey) {
        return OPEN.containsKey(hostKey);
    }

    /** Observe-only mode counts would-be rejections but lets every call through. */
    public static void setEnforcing(boolean enforce) {
        enforcing = enforce;
    }

    public static void setListener(GateListener newListener) {
        listener = newListener;
    }

    /** True once an agent has installed its listener: a second agent instance must not start. */
    public static boolean hasListener() {
        return listener != null;
    }
}
