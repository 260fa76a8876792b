package dev.watchdog.agent.breaker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Observe mode's would-be rejections, per host: every one is counted; a line is due at most once
 * per host per period, so a hot call path to a DOWN host cannot flood the log. Only open hosts
 * reach the gate's listener, so the map holds at most one entry per breaker.
 */
final class ObservedRejections {

    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What a due line reports: the host's total so far and how many since the previous line. */
    record Line(String host, long count, long sinceLast) {
    }

    private static final class HostCount {
        final AtomicLong count = new AtomicLong();
        final AtomicLong reported = new AtomicLong();
        final AtomicLong lastLine;

        HostCount(long now) {
            lastLine = new AtomicLong(now - PERIOD_NANOS);
        }
    }

    private final ConcurrentHashMap<String, HostCount> hosts = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    ObservedRejections(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Counts one would-be rejection. @return the line to log now, or null when one was logged recently */
    Line count(String host) {
        return count(host, 1);
    }

    /** Counts {@code calls} would-be rejections. @return the line to log now, or null when one was logged recently */
    Line count(String host, long calls) {
        long now = nanoClock.getAsLong();
        HostCount c = hosts.computeIfAbsent(host, h -> new HostCount(now));
        long total = c.count.addAndGet(calls);
        long last = c.lastLine.get();
        if (now - last < PERIOD_NANOS || !c.lastLine.compareAndSet(last, now)) {
            return null;
        }
        long before = c.reported.getAndSet(total);
        return new Line(host, total, total - before);
    }

    /** Would-be rejections of a host so far. */
    long total(String host) {
        HostCount c = hosts.get(host);
        return c == null ? 0 : c.count.get();
    }
}
