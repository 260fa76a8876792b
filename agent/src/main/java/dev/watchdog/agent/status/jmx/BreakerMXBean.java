package dev.watchdog.agent.status.jmx;

/** {@code watchdog:type=Breaker,name="host:port"}. Times are ISO-8601 UTC, empty when unknown. */
public interface BreakerMXBean {

    String getHost();

    /** CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or FORCED_CLOSED. */
    String getState();

    boolean isOpen();

    String getSince();

    String getReason();

    long getRejectedCalls();

    String getLastFailure();

    String getLastFailureTime();

    String forceOpen();

    String forceClosed();

    String release();
}
