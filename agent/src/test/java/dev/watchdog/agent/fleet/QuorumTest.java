package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumTest {

    private static final List<String> PROBERS = List.of("a", "b", "c");
    private static final long NOW = 100_000;
    private static final long STALE = 3000;

    private static Map<String, FleetVote> votes(Object... memberDownAge) {
        Map<String, FleetVote> m = new HashMap<>();
        for (int i = 0; i < memberDownAge.length; i += 3) {
            String member = (String) memberDownAge[i];
            m.put(member, new FleetVote("db", member, (Boolean) memberDownAge[i + 1], NOW - (Integer) memberDownAge[i + 2], "r"));
        }
        return m;
    }

    private static FleetVerdict.State decide(Map<String, FleetVote> votes, boolean wasDown) {
        return Quorum.decide("db", PROBERS, votes, NOW, STALE, wasDown).state();
    }

    @Test
    void majorityOfProbers() {
        assertEquals(2, Quorum.of(3));
        assertEquals(1, Quorum.of(1));
        assertEquals(2, Quorum.of(2));
        assertEquals(3, Quorum.of(5));
    }

    @Test
    void twoFreshDownVotesOfThreeMakeItDown() {
        assertEquals(FleetVerdict.State.DOWN, decide(votes("a", true, 0, "b", true, 100, "c", false, 0), false));
    }

    @Test
    void oneProberAloneCannotOpenTheFleet() {
        assertEquals(FleetVerdict.State.UP, decide(votes("a", true, 0, "b", false, 0, "c", false, 0), false));
    }

    @Test
    void staleAndNonProberVotesDoNotCount() {
        assertEquals(FleetVerdict.State.UP, decide(votes("a", true, 0, "b", true, 3001, "c", false, 0), false));
        assertEquals(FleetVerdict.State.UP, decide(votes("a", true, 0, "x", true, 0, "c", false, 0), false));
        assertEquals(FleetVerdict.State.UNKNOWN, decide(votes("a", true, 5000, "x", true, 0), false));
    }

    @Test
    void downHoldsUntilAProberSaysUp() {
        Map<String, FleetVote> oneDown = votes("a", true, 0);
        assertEquals(FleetVerdict.State.DOWN, decide(oneDown, true));
        assertEquals(FleetVerdict.State.UNKNOWN, decide(oneDown, false));
        assertEquals(FleetVerdict.State.UP, decide(votes("a", true, 0, "b", false, 0), true));
        assertEquals(FleetVerdict.State.UNKNOWN, decide(Map.of(), true));
    }

    @Test
    void fewerLiveMembersThanKUseTheirOwnMajority() {
        FleetVerdict v = Quorum.decide("db", List.of("a"), votes("a", true, 0), NOW, STALE, false);
        assertEquals(FleetVerdict.State.DOWN, v.state());
        assertEquals(1, v.quorum());
    }
}
