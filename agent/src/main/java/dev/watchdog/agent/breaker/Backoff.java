package dev.watchdog.agent.breaker;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The open period of a passively opened breaker: the base delay, doubled after each failed trial
 * up to the maximum, spread by ±20% so that many JVMs (or many hosts) do not retry in step.
 * Never longer than the maximum. Not thread-safe: its breaker's lock guards it.
 */
final class Backoff {

    static final double JITTER = 0.2;

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int failedTrials;

    /** @param random uniform in [0, 1) */
    Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next half-open. */
    Duration next() {
        long unjittered = failedTrials >= 31 ? maxMillis : Math.min(maxMillis, baseMillis << failedTrials);
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofMillis(Math.min(maxMillis, Math.max(1, Math.round(unjittered * factor))));
    }

    void trialFailed() {
        if (failedTrials < 31) {
            failedTrials++;
        }
    }

    void reset() {
        failedTrials = 0;
    }
}
