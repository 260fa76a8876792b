package dev.watchdog.agent.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fleet's rule, a pure function of the probers, their votes and the time. A target is DOWN when a
 * majority of its probers (floor(K/2)+1, of the live members when fewer than K live) have a fresh DOWN
 * vote: one prober with a local network problem cannot open the fleet's breakers. Once DOWN it stays
 * DOWN until that majority is gone and at least one prober votes UP (a re-chosen prober's silence is
 * not a recovery); it is UP with at least one fresh UP vote, and UNKNOWN without any fresh vote.
 */
final class Quorum {

    private Quorum() {
    }

    /** Majority of the probers: 2 of 3, 1 of 1, 2 of 2. */
    static int of(int probers) {
        return probers / 2 + 1;
    }

    /**
     * @param votes      each member's latest vote on the target (non-probers' are ignored)
     * @param now        fleet time, millis
     * @param staleAfter votes older than this count for nothing
     * @param wasDown    the verdict before, for the hold
     */
    static FleetVerdict decide(String target, List<String> probers, Map<String, FleetVote> votes, long now,
                               long staleAfter, boolean wasDown) {
        int quorum = of(probers.size());
        List<FleetVote> fresh = new ArrayList<>();
        int down = 0;
        for (String p : probers) {
            FleetVote v = votes.get(p);
            if (v != null && now - v.epochMillis() <= staleAfter) {
                fresh.add(v);
                down += v.down() ? 1 : 0;
            }
        }
        int up = fresh.size() - down;
        FleetVerdict.State state;
        String detail;
        if (down >= quorum) {
            state = FleetVerdict.State.DOWN;
            detail = down + " of " + probers.size() + " probers say DOWN: " + who(fresh, true);
        } else if (wasDown && up == 0 && down > 0) {
            state = FleetVerdict.State.DOWN;
            detail = "held DOWN until a prober says UP; " + down + " of " + probers.size() + " say DOWN: " + who(fresh, true);
        } else if (up > 0) {
            state = FleetVerdict.State.UP;
            detail = up + " of " + probers.size() + " probers say UP" + (down > 0 ? "; DOWN: " + who(fresh, true) : "");
        } else {
            state = FleetVerdict.State.UNKNOWN;
            detail = "no fresh vote from its " + probers.size() + " probers";
        }
        return new FleetVerdict(target, state, probers, quorum, fresh, detail);
    }

    private static String who(List<FleetVote> votes, boolean down) {
        return votes.stream().filter(v -> v.down() == down)
                .map(v -> v.member() + (v.reason().isEmpty() ? "" : " (" + v.reason() + ")"))
                .collect(Collectors.joining(", "));
    }
}
