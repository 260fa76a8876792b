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

    String getLastCheck();

    /** -1 before the first check. */
    double getLastLatencyMillis();

    String getReason();

    int getConsecutiveFailures();

    int getConsecutiveSuccesses();

    String[] getRecentTransitions();

    String recheck();
}
