package dev.watchdog.agent.fleet;

import dev.watchdog.agent.log.AgentLog;
import org.tinylog.TaggedLogger;

/**
 * Whether the fleet can be trusted now: the last command cycle succeeded, less than interval + 4 timeouts
 * ago, and the subscriber is connected (or was, less than one interval ago). Kept in volatile fields and
 * read by the health threads without I/O; the fleet threads report successes and failures, and the
 * change of mode is logged once each way, not per failure.
 */
final class Availability {

    private static final TaggedLogger LOG = AgentLog.of("fleet");

    private final long intervalNanos;
    private final long graceNanos;
    private final String redis;

    private volatile long lastCommandsOk;
    private volatile boolean commandsOk;
    private volatile boolean subscribed;
    private volatile long subscriberDownSince = System.nanoTime();
    private volatile String lastError;
    private volatile long lastLatencyMillis = -1;
    private volatile boolean closed;
    /** The mode last logged and told, null before the first; written by the cycle thread only. */
    private Boolean reportedAvailable;

    Availability(long intervalNanos, long timeoutNanos, String redis) {
        this.intervalNanos = intervalNanos;
        // a cycle is at most a connect and three round trips, each bounded by the timeout: later than
        // that, the cycle thread is stuck and the fleet's picture cannot be trusted (failures say so at once)
        this.graceNanos = intervalNanos + 4 * timeoutNanos;
        this.redis = redis;
    }

    boolean available() {
        long now = System.nanoTime();
        return !closed && commandsOk && now - lastCommandsOk <= graceNanos
                && (subscribed || now - subscriberDownSince <= intervalNanos);
    }

    boolean redisUp() {
        return commandsOk && subscribed;
    }

    void commandsOk(long latencyMillis) {
        lastLatencyMillis = latencyMillis;
        lastCommandsOk = System.nanoTime();
        commandsOk = true;
    }

    void commandsFailed(String error) {
        commandsOk = false;
        lastError = error;
    }

    void subscribed() {
        subscribed = true;
    }

    void unsubscribed(String error) {
        if (subscribed) {
            subscriberDownSince = System.nanoTime();
        }
        subscribed = false;
        lastError = error;
    }

    void closed() {
        closed = true;
    }

    String lastError() {
        return lastError;
    }

    long lastLatencyMillis() {
        return lastLatencyMillis;
    }

    /**
     * Logs a change of mode once and tells whether the fleet just became unavailable (its verdicts must
     * then be released). Called by the cycle thread after each attempt.
     */
    boolean report() {
        boolean now = available();
        if (reportedAvailable != null && now == reportedAvailable) {
            return false;
        }
        reportedAvailable = now;
        if (now) {
            LOG.info("Redis {} reachable: probe duty and verdicts shared", redis);
            return false;
        }
        LOG.warn("Redis {} unreachable or slow ({}): this member probes every target on its own until it is back",
                redis, lastError == null ? "no answer yet" : lastError);
        return true;
    }
}
