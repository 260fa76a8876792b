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

}
