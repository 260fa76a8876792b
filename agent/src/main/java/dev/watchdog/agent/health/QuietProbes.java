package dev.watchdog.agent.health;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.bootstrap.Evidence;
import java.util.Set;

/**
 * Traffic is evidence: while the application's own calls to an UP target's hosts succeed within its
 * check's timeout, its scheduled probes are skipped, up to the target's max-quiet since its last real
 * probe (then one runs anyway). Each window between two scheduled checks needs one such call
 * ({@link Evidence#want}); an idle dependency is probed at the interval as before, and a slow or hung
 * one (no fast call in the window) too. Only the {@link TargetMonitor}'s scheduler thread calls this,
 * {@link #stop} excepted (hence the lock).
 *
 * <p>While some host is wanted, every JDBC statement of the application pays the evidence lookup (the doubt
 * path), so no host is wanted that its calls cannot prove: only targets whose hosts JDBC statements may
 * reach are watched, and a host that went a wanted window without a fast call (idle) is wanted again only
 * once per max-quiet, until a call proves it.
 */
final class QuietProbes {

    /** Check kinds whose hosts JDBC statements (the calls that count as traffic) may reach; not HTTP, gRPC, AMQP or Redis servers. */
    private static final Set<CheckKind> PROVABLE = Set.of(CheckKind.JDBC, CheckKind.TCP, CheckKind.CODE);

    private final TargetConfig target;
    private final long maxQuietNanos;
    /** When the current window began (System.nanoTime()); 0 while the hosts are not watched. */
    private long windowStart;
    /** When the last real probe was decided. */
    private long lastProbeNanos;
    /** When the hosts were last wanted (System.nanoTime()); 0 before the first window. */
    private long lastWantedNanos;
    private volatile long skipped;
    private boolean stopped;
    /** The hosts were wanted when the current window began (not idle). */
    private boolean wanted;

    QuietProbes(TargetConfig target) {
        this.target = target;
        this.maxQuietNanos = PROVABLE.contains(target.kind()) ? target.maxQuiet().toNanos() : 0;
    }

    /**
     * At a scheduled check (never the first, a recheck or a hurried one): true when the probe is skipped
     * because a call to one of the hosts succeeded fast in this window and max-quiet has not passed; a new
     * window then begins.
     * @param clear the target is UP and not in doubt
     */
    synchronized boolean skip(boolean clear) {
        long now = System.nanoTime();
        if (!clear || windowStart == 0 || now - lastProbeNanos >= maxQuietNanos || !trafficSince(windowStart)) {
            return false;
        }
        skipped++;
        window(now);
        return true;
    }

    /** A real probe was decided: while the target is UP and not in doubt its hosts are watched, and a new window begins. */
    synchronized void probed(boolean clear) {
        long now = System.nanoTime();
        lastProbeNanos = now;
        if (clear && maxQuietNanos > 0 && !stopped) {
            if (windowStart == 0) {
                target.hosts().forEach(host -> Evidence.watch(host, target.name(), target.timeout().toNanos()));
            }
            window(now);
        } else {
            unwatch();
        }
    }

    synchronized void stop() {
        stopped = true;
        unwatch();
    }

    /** The monitor this one replaces (a reload): its count goes on. */
    void inherit(QuietProbes old) {
        skipped = old.skipped;
    }

    /** Probes skipped thanks to the application's calls. */
    long skipped() {
        return skipped;
    }

    /** Whether the hosts are watched (the target is UP, not in doubt, with max-quiet on): the window is worth freshening. */
    synchronized boolean watching() {
        return windowStart != 0 && wanted && !stopped;
    }

    /**
     * Shortly before the next scheduled check (a timeout before it): the window starts again, so only a call that
     * succeeded in that last stretch skips the probe. A call proven early in the window says nothing of a dependency
     * that hung since (a blackhole: its calls neither succeed nor fail); without this, such an outage would wait for
     * the following check, an interval later.
     */
    synchronized void freshen() {
        if (watching()) {
            windowStart = System.nanoTime();
            target.hosts().forEach(Evidence::want);
        }
    }

    /** A new window begins; its hosts are wanted unless the last wanted window went without a fast call, less than max-quiet ago. */
    private void window(long now) {
        windowStart = now;
        if (lastWantedNanos == 0 || trafficSince(lastWantedNanos) || now - lastWantedNanos >= maxQuietNanos) {
            lastWantedNanos = now;
            wanted = true;
            target.hosts().forEach(Evidence::want);
        } else {
            wanted = false;
            target.hosts().forEach(Evidence::unwant);   // idle: statements to other hosts stop paying for this one
        }
    }

    private void unwatch() {
        if (windowStart != 0) {
            windowStart = 0;
            lastWantedNanos = 0;
            target.hosts().forEach(host -> Evidence.unwatch(host, target.name()));
        }
    }

    private boolean trafficSince(long since) {
        for (String host : target.hosts()) {
            long at = Evidence.lastFastSuccess(host);
            if (at != 0 && at - since > 0) {
                return true;
            }
        }
        return false;
    }
}
