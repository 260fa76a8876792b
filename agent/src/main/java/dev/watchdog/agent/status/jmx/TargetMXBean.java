package dev.watchdog.agent.status.jmx;

/** {@code watchdog:type=Target,name=<target>}. Times are ISO-8601 UTC, empty when unknown. */
public interface TargetMXBean {

    String getName();

    String getKind();

    /** The check URL with secrets masked. */
    String getCheck();

    String[] getHosts();

    /** UNKNOWN, UP or DOWN. */
    String getHealth();

    String getSince();

    /** When the last real probe ended (a check skipped for the application's calls is none). */
    String getLastCheck();

    /** -1 before the first check. */
    double getLastLatencyMillis();

    String getReason();

    int getConsecutiveFailures();

    int getConsecutiveSuccesses();

    String[] getRecentTransitions();

    /** Scheduled checks skipped because the application's own calls to the hosts succeeded (watchdog.health.max-quiet). */
    long getProbesSkipped();

    String recheck();
}
