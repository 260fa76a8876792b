package dev.watchdog.agent.fleet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rendezvous (highest random weight) hashing: a target's probers are the K members with the highest
 * weight(member, target). Every member computes the same choice from the same live members, with no
 * coordination; when a member leaves, only the targets it probed get one new prober each, and when one
 * joins it takes over only the slots where it outweighs a current prober.
 * The weight is a 64-bit hash that is the same in every JVM and version: FNV-1a of the UTF-8 names,
 * mixed by MurmurHash3's finalizer.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** The K members (all, when fewer) with the highest weight for the target, highest first. */
    static List<String> choose(int k, Collection<String> members, String target) {
        long t = mix(fnv(target));
        Comparator<Weighted> lightestFirst = Comparator.comparingLong(Weighted::weight).thenComparing(Weighted::member);
        PriorityQueue<Weighted> top = new PriorityQueue<>(lightestFirst);
        for (String m : members) {
            Weighted w = new Weighted(m, weight(m, t));
            if (top.size() < k) {
                top.add(w);
            } else if (lightestFirst.compare(w, top.peek()) > 0) {
                top.poll();
                top.add(w);
            }
        }
        List<String> chosen = new ArrayList<>(top.size());
        while (!top.isEmpty()) {
            chosen.add(0, top.poll().member());
        }
        return chosen;
    }

    /** Compared as unsigned would do as well; signed order is just as stable. */
    static long weight(String member, long mixedTarget) {
        return mix(fnv(member) ^ mixedTarget);
    }

    static long weight(String member, String target) {
        return weight(member, mix(fnv(target)));
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private record Weighted(String member, long weight) {
    }
}
