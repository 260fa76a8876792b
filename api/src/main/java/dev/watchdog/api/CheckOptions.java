package dev.watchdog.api;

import java.time.Duration;

/**
 * How a check registered in code is run; a null duration or a threshold of 0 takes the agent's configured default
 * ({@code watchdog.health.interval}, {@code .timeout}, {@code .unhealthy-threshold}, {@code .healthy-threshold}).
 */
public record CheckOptions(Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold) {

    private static final CheckOptions DEFAULTS = new CheckOptions(null, null, 0, 0);

    /** The agent's defaults for everything. */
    public static CheckOptions defaults() {
        return DEFAULTS;
    }

    public CheckOptions interval(Duration d) {
        return new CheckOptions(d, timeout, unhealthyThreshold, healthyThreshold);
    }

    public CheckOptions timeout(Duration d) {
        return new CheckOptions(interval, d, unhealthyThreshold, healthyThreshold);
    }

    public CheckOptions unhealthyThreshold(int n) {
        return new CheckOptions(interval, timeout, n, healthyThreshold);
    }

    public CheckOptions healthyThreshold(int n) {
        return new CheckOptions(interval, timeout, unhealthyThreshold, n);
    }
}
