package dev.watchdog.bootstrap;

/**
 * The agent's side of the gate, through JDK types only. {@link #hostsOfJdbcUrl} runs on the
 * application's thread and must not block; every other method is an event delivered on the agent's
 * {@code watchdog-gate-events} thread ({@link GateEvents}), where blocking, locks and I/O are fine.
 */
public interface GateListener {

    /** Host keys a JDBC URL connects to, empty when it names no network host (in-memory, file). Application thread. */
    String[] hostsOfJdbcUrl(String url);

    /** {@code calls} calls to an open host were (or, when not enforcing, would have been) rejected. */
    void rejected(String hostKey, long calls, boolean enforced);

    /** Zero-config discovery: the application called this host (only while discovering). */
    void seen(String hostKey);

    /** Advice failed unexpectedly; the call went on as if the agent were absent. */
    void adviceFailed(Throwable error);

    /**
     * A call failed (passive detection): {@code call} is the instrumented method's receiver,
     * {@code target} its first argument (either may be null); the agent decides whether the failure is
     * connection-level and which host it concerns.
     */
    default void failed(Object call, Object target, Throwable thrown) {
    }

    /** A call succeeded while some breaker was half-open: it closes that host's breaker if it was a trial. */
    default void succeeded(Object call, Object target) {
    }

    /** The hand-off was full: {@code total} events dropped since the JVM started. */
    default void eventsDropped(long total) {
    }
}
