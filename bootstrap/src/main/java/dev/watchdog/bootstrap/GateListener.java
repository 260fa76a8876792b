package dev.watchdog.bootstrap;

/** The agent's side of the gate: what advice needs from the isolated agent, through JDK types only. */
public interface GateListener {

    /** Host keys a JDBC URL connects to, empty when it names no network host (in-memory, file). */
    String[] hostsOfJdbcUrl(String url);

    /** A call to an open host was (or, when not enforcing, would have been) rejected. */
    void rejected(String hostKey, boolean enforced);

    /** Zero-config discovery: the application called this host (only while discovering). */
    void seen(String hostKey);

    /** Advice failed unexpectedly; the call went on as if the agent were absent. */
    void adviceFailed(Throwable error);


    /** A call to a half-open host asks for one of its trial permits. @return true: the call is a trial */
    default boolean tryTrial(String hostKey) {
        return true;
    }

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
}
