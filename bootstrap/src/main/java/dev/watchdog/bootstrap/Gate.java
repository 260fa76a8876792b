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
    /** host key of every half-open breaker, mapped to the message its non-trial calls get. */
    private static final ConcurrentHashMap<String, String> TRIAL = new ConcurrentHashMap<>();
    /** Nonzero while some breaker is half-open: the success path's only test. */
    private static volatile int trialCount;
    /**
     * The host whose trial permit this thread holds: the same call's nested hooks (OkHttp over its
     * socket) go through without a second permit. Set only on the half-open path.
     */
    private static final ThreadLocal<String> TRIAL_CALL = new ThreadLocal<>();
    /** The failure last reported on this thread: outer hooks rethrowing or wrapping it count it no more. */
    private static final ThreadLocal<java.lang.ref.WeakReference<Throwable>> REPORTED = new ThreadLocal<>();
    private static volatile int openCount;
    /** The host names (no port, no brackets, lower case) of the open and half-open breakers: an allocation-free pre-filter. */
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
    /**
     * One instance of each JDBC driver class the application connected through, weakly held (a
     * web application's loader must stay collectable): the JDBC health check finds drivers that
     * only a child-first loader holds here. Copy-on-write; bounded.
     */
    private static volatile java.lang.ref.WeakReference<?>[] drivers = new java.lang.ref.WeakReference<?>[0];
    private static final int MAX_DRIVERS = 32;
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
        if (host == null || port <= 0 || (!mayBeOpen(host) && !discovering)) {
            return null;
        }
        return rejectKey(key(host, port));
    }

    /**
     * Whether some open breaker has this host name. The common open-path case, a call to a host
     * that is not open while another is, then costs a short scan and builds no key string.
     */
    private static boolean mayBeOpen(String host) {
        String[] names = openHostNames;
        int length = host.length();
        int from = 0;
        if (length > 1 && host.charAt(0) == '[' && host.charAt(length - 1) == ']') {
            from = 1;
            length -= 2;
        }
        for (String open : names) {
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

    /** Rejection message for a JDBC URL: only when every host it lists is open. A connect: may be a half-open host's trial. */
    public static String rejectJdbcUrl(String url) {
        return rejectJdbcUrl(url, true);
    }

    /**
     * As {@link #rejectJdbcUrl(String)}; {@code trial} false for calls that connect on another thread
     * or not at all (a pool's getConnection, a statement): they pass a half-open host without a
     * trial permit, which the connect itself takes.
     */
    public static String rejectJdbcUrl(String url, boolean trial) {
        if (url == null) {
            return null;
        }
        GateListener l = listener;
        String[] hosts = l == null ? null : l.hostsOfJdbcUrl(url);
        if (hosts == null || hosts.length == 0) {
            return null;
        }
        if (discovering && !AgentWork.isCurrent()) {
            for (String host : hosts) {
                l.seen(host);
            }
        }
        for (String host : hosts) {
            if (!OPEN.containsKey(host) && !TRIAL.containsKey(host)) {
                return null;
            }
        }
        for (String host : hosts) {
            if (TRIAL.containsKey(host) && (!trial || check(host, true, true) == null)) {
                return null;   // a half-open host's call
            }
        }
        return rejectKey(hosts[0]);
    }

    /** The host keys a JDBC URL connects to (parsed once by the agent), null before the agent starts. */
    public static String[] hostsOfJdbcUrl(String url) {
        GateListener l = listener;
        return l == null || url == null ? null : l.hostsOfJdbcUrl(url);
    }

    /**
     * The socket-level fallback's check: as {@link #rejectHost}, except that a connect made for a call
     * a client-level hook already counted on this thread (observe mode) is not counted again.
     */
    public static String rejectSocket(String host, int port) {
        if (host == null || port <= 0 || (!mayBeOpen(host) && !discovering)) {
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
        return check(hostKey, false, false);   // the client above takes the trial permit, maybe on another thread
    }

    /** Rejection message for a host key, or null; counts the rejection. */
    public static String rejectKey(String hostKey) {
        return check(hostKey, true, true);
    }

    /** @param trial whether this call may take (and needs) a trial permit of a half-open host */
    private static String check(String hostKey, boolean clientLevel, boolean trial) {
        if (AgentWork.isCurrent()) {
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
            if (trialCount == 0 || (message = TRIAL.get(hostKey)) == null || !trial || mayTry(hostKey)) {
                return null;
            }
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

    /** A call to a half-open host: a trial when a permit is left (or this thread's call holds one). */
    private static boolean mayTry(String hostKey) {
        if (hostKey.equals(TRIAL_CALL.get())) {
            return true;
        }
        GateListener l = listener;
        if (l != null && l.tryTrial(hostKey)) {
            TRIAL_CALL.set(hostKey);
            return true;
        }
        return false;
    }

    /** The success path's test: true while some breaker is half-open. One volatile read. */
    public static boolean anyTrial() {
        return trialCount != 0;
    }

    /**
     * Exit advice, exception path only: the call failed with {@code thrown}. {@code call} and
     * {@code target} are the instrumented method's receiver and first argument; the agent finds the
     * host from them. A failure an inner hook already reported on this thread (the same exception
     * rethrown or wrapped) is not reported again.
     */
    public static void failed(Object call, Object target, Throwable thrown) {
        if (listener == null) {
            return;   // the agent reads every connection failure: it opens passive breakers and hurries checks
        }
        if (AgentWork.isCurrent()) {
            return;
        }
        TRIAL_CALL.remove();
        java.lang.ref.WeakReference<Throwable> last = REPORTED.get();
        Throwable reported = last == null ? null : last.get();
        for (Throwable t = thrown; t != null && reported != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t == reported) {
                return;
            }
        }
        REPORTED.set(new java.lang.ref.WeakReference<>(thrown));
        GateListener l = listener;
        if (l != null) {
            l.failed(call, target, thrown);
        }
    }

    /** Exit advice, success path, only while {@link #anyTrial()}: a call that may have been a trial succeeded. */
    public static void succeeded(Object call, Object target) {
        if (AgentWork.isCurrent()) {
            return;
        }
        TRIAL_CALL.remove();
        GateListener l = listener;
        if (l != null) {
            l.succeeded(call, target);
        }
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

    /** Driver#connect advice: remembers the driver's class once (a short scan on later connects). */
    public static void driverSeen(Object driver) {
        Class<?> type = driver.getClass();
        for (java.lang.ref.WeakReference<?> known : drivers) {
            Object d = known.get();
            if (d != null && d.getClass() == type) {
                return;
            }
        }
        synchronized (LOCK) {
            java.util.List<java.lang.ref.WeakReference<?>> next = new java.util.ArrayList<>();
            for (java.lang.ref.WeakReference<?> known : drivers) {
                Object d = known.get();
                if (d != null) {
                    if (d.getClass() == type) {
                        return;   // added meanwhile
                    }
                    next.add(known);
                }
            }
            if (next.size() < MAX_DRIVERS) {
                next.add(new java.lang.ref.WeakReference<>(driver));
            }
            drivers = next.toArray(new java.lang.ref.WeakReference<?>[0]);
        }
    }

    /** The drivers seen so far, still alive. */
    public static Object[] seenDrivers() {
        java.util.List<Object> alive = new java.util.ArrayList<>();
        for (java.lang.ref.WeakReference<?> known : drivers) {
            Object d = known.get();
            if (d != null) {
                alive.add(d);
            }
        }
        return alive.toArray();
    }

    // ---- the agent's side ----

    public static void open(String hostKey, String message) {
        synchronized (LOCK) {
            TRIAL.remove(hostKey);
            OPEN.put(hostKey, message);
            publish();
        }
    }

    /** Half-open: trial calls go through as {@link GateListener#tryTrial} allows; the rest get the message. */
    public static void halfOpen(String hostKey, String message) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            TRIAL.put(hostKey, message);
            publish();
        }
    }

    public static void close(String hostKey) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            TRIAL.remove(hostKey);
            publish();
        }
    }

    public static boolean isHalfOpen(String hostKey) {
        return TRIAL.containsKey(hostKey);
    }

    /** Zero-config mode: report every host connect-level advice sees to {@link GateListener#seen}. */
    public static void setDiscovering(boolean on) {
        synchronized (LOCK) {
            discovering = on;
            publish();
        }
    }

    /** Notified whenever a breaker's state changes (see {@link BackgroundConnects}). */
    private static final Object CHANGED = new Object();

    /** Waits until some breaker changes, at most {@code nanos}. */
    static void awaitChange(long nanos) throws InterruptedException {
        synchronized (CHANGED) {
            CHANGED.wait(Math.max(1, nanos / 1_000_000));
        }
    }

    private static void publish() {
        trialCount = TRIAL.size();
        openCount = OPEN.size() + trialCount;
        openHostNames = java.util.stream.Stream.concat(OPEN.keySet().stream(), TRIAL.keySet().stream())
                .map(k -> k.substring(0, k.lastIndexOf(':')))
                .map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h)
                .distinct().toArray(String[]::new);
        active = openCount + (discovering ? 1 : 0);
        synchronized (CHANGED) {
            CHANGED.notifyAll();
        }
    }

    /** The rejection message of an open host, null when it is not open. */
    public static String openMessage(String hostKey) {
        return OPEN.get(hostKey);
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
}
