package dev.watchdog.agent.breaker;

/** A host breaker's visible state: what the health checks (or passive detection) decided, or an operator's override. */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, FORCED_CLOSED;

    /** True when the gate rejects every call to the host. */
    public boolean rejects() {
        return this == OPEN || this == FORCED_OPEN;
    }

    /** True when every call goes through. */
    public boolean closed() {
        return this == CLOSED || this == FORCED_CLOSED;
    }

    /** True while an operator's forced state overrides the health checks. */
    public boolean forced() {
        return this == FORCED_OPEN || this == FORCED_CLOSED;
    }
}
