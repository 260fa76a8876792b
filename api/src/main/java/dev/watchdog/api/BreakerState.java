package dev.watchdog.api;

/** A host's breaker as the agent holds it; {@link #CLOSED} without the agent or for a host it has no breaker for. */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, FORCED_CLOSED;

    /** True when calls to the host fail fast. */
    public boolean rejects() {
        return this == OPEN || this == FORCED_OPEN;
    }
}
