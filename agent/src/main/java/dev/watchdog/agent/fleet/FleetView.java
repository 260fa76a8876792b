package dev.watchdog.agent.fleet;

import java.util.List;

/**
 * Everything the status surfaces show about one member. Holds no secret: the Redis URL is masked.
 *
 * @param mode          FLEET (duty and verdicts shared) or FALLBACK (Redis unavailable: every target probed by this member alone)
 * @param redis         the Redis URL, password masked
 * @param redisUp       the last command round trip succeeded and the subscriber is connected
 * @param lastLatencyMillis the last command round trip (one pipelined cycle), -1 before the first
 * @param lastError     the last Redis failure, null when none yet
 * @param members       the live members, sorted
 * @param targets       each of this member's targets: its probers, whether this member is one, the verdict
 */
public record FleetView(String fleetName, String memberId, Mode mode, String redis, boolean redisUp,
                        long lastLatencyMillis, String lastError, List<String> members, List<Target> targets,
                        Counters counters) {

    public enum Mode { FLEET, FALLBACK, CLOSED }

    public FleetView {
        members = List.copyOf(members);
        targets = List.copyOf(targets);
    }

    /** @param ownVote this member's last vote, null when it is not a prober or has not voted */
    public record Target(String name, List<String> probers, boolean probing, FleetVerdict verdict, FleetVote ownVote) {
    }

    /**
     * This member's own Redis traffic (both connections) and the messages it ignored.
     *
     * @param commands       commands sent
     * @param published      verdict transitions this member published
     * @param messages       messages received on the fleet's channel
     * @param unsigned       votes without a signature
     * @param badSignature   votes whose signature does not match (forged, or another secret)
     * @param stale          votes older than 3 intervals (or dated in the future)
     * @param notProber      signed votes from a member that is not a current prober of the target (counted, kept in case duty moves)
     * @param replayed       votes not newer than one already held from the same member
     * @param malformed      anything else that is not a vote of this fleet
     */
    public record Counters(long commands, long bytesSent, long bytesReceived, long published, long messages,
                           long unsigned, long badSignature, long stale, long notProber, long replayed, long malformed) {

        public long dropped() {
            return unsigned + badSignature + stale + replayed + malformed;
        }
    }
}
