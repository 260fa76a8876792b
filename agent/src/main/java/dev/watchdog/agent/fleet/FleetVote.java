package dev.watchdog.agent.fleet;

/**
 * One prober's signed verdict on one target.
 *
 * @param epochMillis when it was cast, on the fleet's clock (Redis TIME), so members' own clocks need not agree
 * @param reason      the prober's probe result in words ("connection refused"), shown with the verdict
 */
public record FleetVote(String target, String member, boolean down, long epochMillis, String reason) {

    /** Reasons are cut to this length: a vote is small. */
    static final int MAX_REASON = 200;

    public FleetVote {
        reason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
