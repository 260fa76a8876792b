package dev.watchdog.agent.fleet;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a fleet thread waits before reconnecting: the interval for three failures (a slow Redis
 * must not cost a member its registration, which lives three intervals), then doubled up to 8x (at
 * most 30 s) against a Redis that is down, ±20 % so members do not retry in step.
 */
final class Retry {

    private Retry() {
    }

    static long delayMillis(Duration interval, int failures) {
        long base = Math.max(1, interval.toMillis());
        long delay = Math.min(base << Math.min(Math.max(failures - 3, 0), 3), Math.max(base, 30_000));
        return (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    }
}
