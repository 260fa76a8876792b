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
    /** The host names (no port, no brackets, lower case) of the open breakers: an allocation-free pre-filter. */
    private static volatile String[] openHostNames = new String[0];
    /** Nonzero while a breaker is open or hosts are being discovered: the connect-path hot test. */
    private static volatile int active;
    private static volatile boolean discovering;
    private static volatile boolean enforcing = true;
    /**
     * Observe mode, counted once: the host a client-level hook (OkHttp, Apache, JDBC...) let through
     * and counted on this thread. The socket-level check of the same host consumes it instead of
     * counting the same call again. Touched only while a breaker is open and calls are observed.
     */
    private static final ThreadLocal<String> OBSERVED = new ThreadLocal<>();
    /** Null until the agent starts; boot classes never subclass one another, so no default instance. */
    private static volatile GateListener listener;

    private Gate() {
    }

    /** The hot-path test of per-call advice (statements): true while at least one breaker is open. */
    public static boolean anyOpen() {
        return openCount != 0;
    }

    /**
     * The hot-path test of connect-level advice: true while a breaker is open or, in zero-config
     * mode, while the agent learns which hosts the application calls. One volatile read.
     */
    public static boolean active() {
        return active != 0;
    }

    /** Rejection message for a call to {@code host:port}, or null when the call may go through. */
    public static String rejectHost(String host, int port) {
        if (host == null || port <= 0 || (!discovering && !mayBeOpen(host))) {
            return null;
        }
        return rejectKey(key(host, port));
    }

    /**
     * Whether some open breaker has this host name. The common open-path case, a call to a host
     * that is not open while another is, then costs a short scan and builds no key string.
     */
    private static boolean mayBeOpen(String host) {
        int from = host.startsWith("[") && host.endsWith("]") ? 1 : 0;
        int length = host.length() - 2 * from;
        for (String open : openHostNames) {
            if (open.length() == length && host.regionMatches(true, from, open, 0, length)) {
                return true;
            }
        }
        return false;
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
        if (discovering && !(Thread.currentThread() instanceof AgentThread)) {
            for (String host : hosts) {
                l.seen(host);
            }
        }
        for (String host : hosts) {
            if (!OPEN.containsKey(host)) {
                return null;
            }
        }
        return rejectKey(hosts[0]);
    }

    /**
     * The socket-level fallback's check: as {@link #rejectHost}, except that a connect made for a call
     * a client-level hook already counted on this thread (observe mode) is not counted again.
     */
    public static String rejectSocket(String host, int port) {
        if (host == null || port <= 0 || (!discovering && !mayBeOpen(host))) {
            return null;
        }
        String hostKey = key(host, port);
        String observed = OBSERVED.get();
        if (observed != null && observed.equals(hostKey)) {
            OBSERVED.remove();
            if (!enforcing) {
                return null;   // the client-level hook counted this call and let it through
            }
        }
        return check(hostKey, false);
    }

    /** Rejection message for a host key, or null; counts the rejection. */
    public static String rejectKey(String hostKey) {
        return check(hostKey, true);
    }

    private static String check(String hostKey, boolean clientLevel) {
        if (Thread.currentThread() instanceof AgentThread) {
            return null;   // the agent's own checks must reach the hosts they watch
        }
        if (discovering) {
            GateListener l = listener;
            if (l != null) {
                l.seen(hostKey);
            }
        }
        String message = OPEN.get(hostKey);
        if (message == null) {
            return null;
        }
        boolean enforce = enforcing;
        GateListener l = listener;
        if (l != null) {
            l.rejected(hostKey, enforce);
        }
        if (!enforce && clientLevel) {
            OBSERVED.set(hostKey);   // the call goes on to its socket: count it there no more
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
            publish();
        }
    }

    public static void close(String hostKey) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            publish();
        }
    }

    /** Zero-config mode: report every host connect-level advice sees to {@link GateListener#seen}. */
    public static void setDiscovering(boolean on) {
        synchronized (LOCK) {
            discovering = on;
            publish();
        }
    }

    private static void publish() {
        openHostNames = OPEN.keySet().stream()
                .map(k -> k.substring(0, k.lastIndexOf(':')))
                .map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h)
                .distinct().toArray(String[]::new);
        openCount = OPEN.size();
        active = openCount + (discovering ? 1 : 0);
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
