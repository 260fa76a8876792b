package dev.watchdog.api;

import java.time.Instant;
import java.util.List;

/**
 * A target's new verdict.
 *
 * @param target  the target's name (configured, or registered with {@link Watchdog#registerCheck})
 * @param healthy true when the target is UP now, false when DOWN
 * @param reason  why: "check passed", or the failure ("Connection refused", "timed out after 1s")
 * @param hosts   the {@code host:port}s whose calls fail fast while it is DOWN
 * @param time    when the agent decided
 */
public record HealthEvent(String target, boolean healthy, String reason, List<String> hosts, Instant time) {

    public HealthEvent {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
}
