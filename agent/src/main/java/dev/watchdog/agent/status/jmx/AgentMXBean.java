package dev.watchdog.agent.status.jmx;

/**
 * {@code watchdog:type=Agent}: the agent and the operator's operations. It also re-emits every
 * breaker and target change notification (userData: the host or target), so one subscription sees all.
 */
public interface AgentMXBean {

    String getVersion();

    String getConfigPath();

    String getConfigHash();

    String getMode();

    String getStartedAt();

    String getLastReload();

    String getLastReloadResult();

    /** Calls to host fail fast until released, whatever the checks say. @return what changed */
    String forceOpen(String host);

    /** Calls to host go through until released, even while its targets are DOWN. */
    String forceClosed(String host);

    /** The breaker follows the checks again. */
    String release(String host);

    /** Runs the target's check now. */
    String recheck(String target);

    /** Reloads the configuration now. */
    String reload();
}
