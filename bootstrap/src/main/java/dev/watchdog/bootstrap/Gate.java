package dev.watchdog.bootstrap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The hot path every advice reads. It lives on the bootstrap class loader so that advice inlined into
 * any class (the JDK's own included) can reach it.
 *
 * <p>Advice calls {@link #anyOpen()} or {@link #active()} first, one volatile read. Only when some
 * breaker is open does it compute the call's host key and ask for a rejection message. What it does
 * besides deciding (counting, reporting, logging) goes to the agent's own thread ({@link GateEvents});
 * who may switch the gate is {@link GateControl}'s business, what is open {@link OpenHosts}'.
 */
public final class Gate {

    /** Nonzero while a breaker is open or hosts are being discovered: the connect-path hot test. */
    private static volatile int active;

    private Gate() {
    }

    /** The hot-path test of per-call advice (statements): true while at least one breaker is open or half-open. */
    public static boolean anyOpen() {
        return OpenHosts.count != 0;
    }

    /** The hot-path test of connect-level advice: true while a breaker is open or hosts are being discovered. */
    public static boolean active() {
        return active != 0;
    }

    /** The success path's test: true while some breaker is half-open. */
    public static boolean anyTrial() {
        return OpenHosts.halfOpenCount != 0;
    }

    /** Rejection message for a call to {@code host:port}, or null when the call may go through. */
    public static String rejectHost(String host, int port) {
        if (host == null || port <= 0 || (!mayBeOpen(host) && !Discovery.on)) {
            return null;
        }
        return rejectKey(key(host, port));
    }

    /** As {@link #rejectHost}, for a URL's scheme, host and port (-1: the scheme's default). */
    public static String rejectUrl(String scheme, String host, int port) {
        return rejectHost(host, port > 0 ? port : defaultPort(scheme));
    }

    /** Rejection message for a JDBC URL: only when every host it lists is open. A connect may be a half-open host's trial. */
    public static String rejectJdbcUrl(String url) {
        return rejectJdbcUrl(url, true);
    }

    /**
     * As {@link #rejectJdbcUrl(String)}; {@code trial} false for calls that connect on another thread
     * or not at all (a pool's getConnection, a statement): they pass a half-open host without a trial
     * permit, which the connect itself takes.
     */
    public static String rejectJdbcUrl(String url, boolean trial) {
        String[] hosts = hostsOfJdbcUrl(url);
        if (hosts == null || hosts.length == 0) {
            return null;
        }
        for (String host : hosts) {
            Discovery.seen(host);
        }
        for (String host : hosts) {
            if (!OpenHosts.isOpen(host) && !OpenHosts.isHalfOpen(host)) {
                return null;
            }
        }
        for (String host : hosts) {
            if (OpenHosts.isHalfOpen(host) && (!trial || check(host, true, true) == null)) {
                return null;   // a half-open host's call
            }
        }
        return rejectKey(hosts[0]);
    }

    /** The host keys a JDBC URL connects to (parsed once by the agent), null before the agent starts. */
    public static String[] hostsOfJdbcUrl(String url) {
        GateListener l = GateControl.listener;
        return l == null || url == null ? null : l.hostsOfJdbcUrl(url);
    }

    /**
     * The socket-level fallback's check: as {@link #rejectHost}, except that a connect made for a call a
     * client-level hook already counted on this thread (observe mode) is not counted again, and a
     * half-open host's connect needs no permit (the client above takes it, maybe on another thread).
     */
    public static String rejectSocket(String host, int port) {
        if (host == null || port <= 0 || (!mayBeOpen(host) && !Discovery.on)) {
            return null;
        }
        String hostKey = key(host, port);
        if (ObserveMode.takeCountedAbove(hostKey) && !ObserveMode.enforcing) {
            return null;
        }
        return check(hostKey, false, false);
    }

    /**
     * As {@link #rejectSocket}, for the address a connect is made to: by the name it was given and, when
     * resolved, by its IP literal, so that a breaker keyed either way matches. Anything but an
     * {@link InetSocketAddress} (Unix domain, local, custom addresses) names no host:port: null.
     */
    public static String rejectSocketAddress(Object endpoint) {
        if (!(endpoint instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress address = (InetSocketAddress) endpoint;
        String name = address.getHostString();
        String message = rejectSocket(name, address.getPort());
        InetAddress resolved = address.getAddress();
        if (message == null && resolved != null && !resolved.getHostAddress().equals(name)) {
            message = rejectSocket(resolved.getHostAddress(), address.getPort());
        }
        return message;
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
        Discovery.seen(hostKey);
        String message = OpenHosts.OPEN.get(hostKey);
        if (message == null) {
            TrialPermits.Trial halfOpen = anyTrial() ? OpenHosts.HALF_OPEN.get(hostKey) : null;
            if (halfOpen == null || !trial || TrialPermits.tryTake(halfOpen)) {
                return null;
            }
            message = halfOpen.message;
        }
        boolean enforce = ObserveMode.enforcing;
        GateEvents.rejected(hostKey, enforce);
        if (!enforce && clientLevel) {
            ObserveMode.countedAbove(hostKey);   // the call goes on to its socket: count it there no more
        }
        return enforce ? message : null;
    }

    /**
     * Whether some open breaker has this host name. The common open-path case, a call to a host that is
     * not open while another is, then costs a short scan and builds no key string.
     */
    private static boolean mayBeOpen(String host) {
        int length = host.length();
        int from = 0;
        if (length > 1 && host.charAt(0) == '[' && host.charAt(length - 1) == ']') {
            from = 1;
            length -= 2;
        }
        for (String open : OpenHosts.names) {
            if (open.length() == length && host.regionMatches(true, from, open, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exit advice, exception path: the call failed with {@code thrown}. {@code call} and {@code target}
     * are the instrumented method's receiver and first argument; the agent finds the host from them.
     */
    public static void failed(Object call, Object target, Throwable thrown) {
        CallOutcomes.failed(call, target, thrown);
    }

    /** Exit advice, success path, only while {@link #anyTrial()}: a call that may have been a trial succeeded. */
    public static void succeeded(Object call, Object target) {
        CallOutcomes.succeeded(call, target);
    }

    /** Exit advice of a call whose outcome no hook reports (an async send), only while {@link #anyTrial()}. */
    public static void callEnded() {
        TrialPermits.callEnded();
    }

    /** Advice calls this with its own unexpected failure; the application never sees it. */
    public static void adviceFailed(Throwable error) {
        try {
            if (GateControl.listener != null) {
                GateEvents.adviceFailed(error);
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
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    static synchronized void activeChanged() {
        active = OpenHosts.count + (Discovery.on ? 1 : 0);
    }
}
