package dev.watchdog.bootstrap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The hosts whose calls the gate refuses: open ones, with the message their calls get, and half-open
 * ones, with their trial. Written only through {@link GateControl}; the hot path reads the volatile
 * summaries ({@link #count}, {@link #names}) before anything else.
 */
public final class OpenHosts {

    private static final Object LOCK = new Object();
    /** Notified whenever a breaker's state changes (see {@link BackgroundConnects}). */
    private static final Object CHANGED = new Object();
    static final ConcurrentHashMap<String, String> OPEN = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, TrialPermits.Trial> HALF_OPEN = new ConcurrentHashMap<>();
    /** Open plus half-open hosts: the statement path's only test while it is zero. */
    static volatile int count;
    /** Nonzero while some host is half-open: the success path's only test. */
    static volatile int halfOpenCount;
    /** The host names (no port, no brackets, lower case) of the open and half-open hosts: an allocation-free pre-filter. */
    static volatile String[] names = new String[0];

    private OpenHosts() {
    }

    public static boolean isOpen(String hostKey) {
        return OPEN.containsKey(hostKey);
    }

    public static boolean isHalfOpen(String hostKey) {
        return HALF_OPEN.containsKey(hostKey);
    }

    /** The rejection message of an open host, null when it is not open. */
    public static String openMessage(String hostKey) {
        return OPEN.get(hostKey);
    }

    static void open(String hostKey, String message) {
        synchronized (LOCK) {
            HALF_OPEN.remove(hostKey);
            OPEN.put(hostKey, message);
            publish();
        }
    }

    static void halfOpen(String hostKey, String message, int permits) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            HALF_OPEN.put(hostKey, new TrialPermits.Trial(message, permits));
            publish();
        }
    }

    static void close(String hostKey) {
        synchronized (LOCK) {
            OPEN.remove(hostKey);
            HALF_OPEN.remove(hostKey);
            publish();
        }
    }

    /** Waits until some breaker changes, at most {@code nanos}. */
    static void awaitChange(long nanos) throws InterruptedException {
        synchronized (CHANGED) {
            CHANGED.wait(Math.max(1, nanos / 1_000_000));
        }
    }

    static void publish() {
        halfOpenCount = HALF_OPEN.size();
        count = OPEN.size() + halfOpenCount;
        names = Stream.concat(OPEN.keySet().stream(), HALF_OPEN.keySet().stream())
                .map(k -> k.substring(0, k.lastIndexOf(':')))
                .map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h)
                .distinct().toArray(String[]::new);
        Gate.activeChanged();
        GateEvents.breakersChanged();
        synchronized (CHANGED) {
            CHANGED.notifyAll();
        }
    }
}
