package dev.watchdog.agent.fleet;

import java.util.List;

/**
 * The fleet's verdict on one target, as this member sees it.
 *
 * @param probers the target's current probers (rendezvous over the live members)
 * @param quorum  how many fresh DOWN votes of those probers make it DOWN
 * @param votes   the probers' fresh votes, the ones counted
 * @param detail  why, in words (who voted what)
 */
public record FleetVerdict(String target, State state, List<String> probers, int quorum, List<FleetVote> votes, String detail) {

    public enum State { UP, DOWN, UNKNOWN }

    public FleetVerdict {
        probers = List.copyOf(probers);
        votes = List.copyOf(votes);
    }

    public boolean down() {
        return state == State.DOWN;
    }

    static FleetVerdict unknown(String target, String detail) {
        return new FleetVerdict(target, State.UNKNOWN, List.of(), 0, List.of(), detail);
    }
}
