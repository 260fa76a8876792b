package dev.watchdog.agent.fleet;

import dev.watchdog.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.tinylog.TaggedLogger;

/**
 * What one member knows: its targets, the live members, each target's probers and the fleet's verdicts.
 * Written by the fleet threads under this object's lock, published as immutable snapshots in volatile
 * fields, so the health threads read it without locking or I/O. Tells the listener when a target's
 * DOWN verdict starts or ends.
 */
final class FleetPicture {

    private static final TaggedLogger LOG = AgentLog.of("fleet");

    private final String self;
    private final int k;
    private final long staleAfterMillis;
    private final VoteBook book;
    private final FleetListener listener;

    private volatile List<String> targets = List.of();
    private volatile List<String> members = List.of();
    private volatile Map<String, List<String>> probers = Map.of();
    private volatile Map<String, FleetVerdict> verdicts = Map.of();
    /** Targets this member probes, with the System.nanoTime() its duty began: older observations are not votes. */
    private volatile Map<String, Long> dutySince = Map.of();

    FleetPicture(String self, int k, long staleAfterMillis, VoteBook book, FleetListener listener) {
        this.self = self;
        this.k = k;
        this.staleAfterMillis = staleAfterMillis;
        this.book = book;
        this.listener = listener;
    }

    List<String> targets() {
        return targets;
    }

    List<String> members() {
        return members;
    }

    List<String> probers(String target) {
        return probers.getOrDefault(target, List.of());
    }

    boolean probes(String target) {
        List<String> p = probers.get(target);
        return p == null || p.contains(self);
    }

    /** Whether this member is a prober of the target and observed it after its duty began. */
    boolean votes(String target, long observedNanos) {
        Long since = dutySince.get(target);
        return since != null && observedNanos - since >= 0;
    }

    FleetVerdict verdict(String target) {
        return verdicts.get(target);
    }

    synchronized void targets(Collection<String> names) {
        targets = List.copyOf(new LinkedHashSet<>(names));
        duty();
    }

    /** The live members as last read; sorted. */
    synchronized void members(List<String> live) {
        if (!live.equals(members)) {
            members = List.copyOf(live);
            duty();
        }
    }

    private void duty() {
        Map<String, List<String>> next = new HashMap<>();
        if (!members.isEmpty()) {
            for (String t : targets) {
                next.put(t, List.copyOf(Rendezvous.choose(k, members, t)));
            }
        }
        Map<String, Long> since = new HashMap<>();
        long now = System.nanoTime();
        for (Map.Entry<String, List<String>> e : next.entrySet()) {
            if (e.getValue().contains(self)) {
                since.put(e.getKey(), dutySince.getOrDefault(e.getKey(), now));
            }
        }
        probers = Map.copyOf(next);
        dutySince = Map.copyOf(since);
    }

    /** Re-decides every target from the vote book. */
    synchronized void revote(long now) {
        Map<String, FleetVerdict> next = new HashMap<>();
        List<FleetVerdict> changed = new ArrayList<>();
        for (String t : targets) {
            List<String> p = probers.get(t);
            if (p == null) {
                continue;
            }
            FleetVerdict before = verdicts.get(t);
            FleetVerdict after = Quorum.decide(t, p, book.of(t), now, staleAfterMillis, before != null && before.down());
            next.put(t, after);
            if ((before != null && before.down()) != after.down()) {
                changed.add(after);
            }
        }
        verdicts = Map.copyOf(next);
        for (FleetVerdict v : changed) {
            tell(v.target(), v.down(), v.detail());
        }
    }

    /** The fleet can no longer decide: every target it held DOWN is released to the member's own probes. */
    synchronized void unavailable(String why) {
        Map<String, FleetVerdict> before = verdicts;
        verdicts = Map.of();
        for (FleetVerdict v : before.values()) {
            if (v.down()) {
                tell(v.target(), false, why);
            }
        }
    }

    private void tell(String target, boolean down, String detail) {
        LOG.info("target={} {} for the fleet ({})", target, down ? "DOWN" : "no longer DOWN", detail);
        try {
            listener.fleetChanged(target, down, detail);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("listener failed for target={}: {}", target, e.toString());
        }
    }
}
