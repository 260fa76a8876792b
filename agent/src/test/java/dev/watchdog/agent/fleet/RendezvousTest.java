package dev.watchdog.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RendezvousTest {

    private static List<String> members(int n) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add("member-" + i);
        }
        return m;
    }

    @Test
    void choosesKDistinctMembersWhateverTheirOrder() {
        List<String> members = members(50);
        List<String> chosen = Rendezvous.choose(3, members, "db");
        assertEquals(3, chosen.size());
        assertEquals(3, new HashSet<>(chosen).size());
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(chosen, Rendezvous.choose(3, shuffled, "db"));
    }

    @Test
    void isTheSameInEveryJvm() {
        // pinned: a change of hash would split a rolling upgrade's fleet into two opinions on duty
        assertEquals(List.of("member-22", "member-6", "member-23"), Rendezvous.choose(3, members(50), "db"));
    }

    @Test
    void allProbeWhenFewerThanK() {
        assertEquals(2, Rendezvous.choose(3, members(2), "db").size());
    }

    @Test
    void aLeavingMemberMovesOnlyTheTargetsItProbed() {
        List<String> members = members(100);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            targets.add("target-" + i);
        }
        String leaving = "member-42";
        List<String> after = new ArrayList<>(members);
        after.remove(leaving);
        int moved = 0;
        for (String t : targets) {
            List<String> before = Rendezvous.choose(3, members, t);
            List<String> now = Rendezvous.choose(3, after, t);
            if (before.contains(leaving)) {
                moved++;
                List<String> kept = new ArrayList<>(before);
                kept.remove(leaving);
                assertTrue(now.containsAll(kept), t + ": the other probers stay");
            } else {
                assertEquals(before, now, t + ": untouched");
            }
        }
        // about K/N of the targets (30 of 1000) had it as a prober
        assertTrue(moved > 10 && moved < 60, "moved " + moved);
    }

    @Test
    void spreadsDutyEvenly() {
        List<String> members = members(10);
        int[] load = new int[10];
        for (int i = 0; i < 3000; i++) {
            for (String m : Rendezvous.choose(3, members, "t" + i)) {
                load[Integer.parseInt(m.substring("member-".length()))]++;
            }
        }
        for (int l : load) {
            assertTrue(l > 700 && l < 1100, "load " + l);   // 900 each on average
        }
    }
}
