package dev.watchdog.agent.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One health-checked target as the status surfaces show it. Nothing secret: {@code check} is the
 * redacted check URL.
 *
 * @param health UNKNOWN, UP or DOWN
 * @param since when the health last changed; null before the first verdict
 * @param lastCheck when the last check ended (the last real probe); null before the first
 * @param lastLatency how long it took; null before the first
 * @param reason why the last check failed; empty when it passed
 * @param recentTransitions newest last, e.g. "2024-05-01T10:00:00Z UP -> DOWN: Connection refused"
 * @param checks how many checks ran; 0 when the source does not count them
 * @param checkSeconds their total duration in seconds (with {@code checks}: a Prometheus summary)
 * @param probesSkipped scheduled checks skipped because the application's own calls to the hosts succeeded
 */
public record TargetStatus(String name, String kind, String check, List<String> hosts, String health, Instant since,
                           Instant lastCheck, Duration lastLatency, String reason, int consecutiveFailures,
                           int consecutiveSuccesses, List<String> recentTransitions, long checks, double checkSeconds,
                           long probesSkipped) {

    public TargetStatus {
        hosts = List.copyOf(hosts);
        recentTransitions = List.copyOf(recentTransitions);
        reason = reason == null ? "" : reason;
    }

    public boolean up() {
        return "UP".equals(health);
    }
}
