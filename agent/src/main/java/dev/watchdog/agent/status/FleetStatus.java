package dev.watchdog.agent.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fleet mode as the status surfaces show it: who this member is, whom it sees, which targets it probes
 * for the fleet, where each verdict came from, and what it dropped. Nothing secret: the Redis URL is masked.
 *
 * @param mode FLEET (duty and verdicts shared through Redis) or FALLBACK (Redis unavailable: this member probes every target itself)
 * @param redis the fleet's Redis URL, password masked
 * @param redisLatency the last Redis round trip; null before the first
 * @param redisError why Redis is unavailable; empty while it answers
 * @param members the live members' ids, sorted
 * @param dropped messages ignored, by reason (unsigned, bad-signature, stale, not-a-prober)
 */
public record FleetStatus(String fleet, String member, String mode, String redis, boolean redisUp, Duration redisLatency,
                          String redisError, List<String> members, List<Target> targets, long messagesReceived,
                          Map<String, Long> dropped, long commandsSent, long bytesSent, long bytesReceived) {

    public FleetStatus {
        members = List.copyOf(members);
        targets = List.copyOf(targets);
        dropped = Map.copyOf(dropped);
        redisError = redisError == null ? "" : redisError;
    }

    /**
     * One target's place in the fleet.
     *
     * @param probers the members that probe it for the fleet
     * @param probedHere whether this member probes it (one of its probers, or Redis is unavailable)
     * @param fleetVerdict UP, DOWN or UNKNOWN: what a quorum of its probers says
     * @param source where this member's verdict came from: own (its own probe) or quorum (the fleet's probers)
     * @param alone this member's own probe or calls fail while the fleet says UP: its hosts are open for it only
     */
    public record Target(String name, List<String> probers, boolean probedHere, String fleetVerdict, String source,
                         boolean alone) {

        public Target {
            probers = List.copyOf(probers);
        }
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
