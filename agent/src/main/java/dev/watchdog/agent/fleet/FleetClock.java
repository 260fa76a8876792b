package dev.watchdog.agent.fleet;

import java.util.List;

/**
 * The fleet's time: this JVM's clock corrected by Redis's (TIME, read every cycle), so vote ages and
 * registration expiries mean the same on every member even when the hosts' clocks disagree.
 * A sample is taken only when its round trip was short (at most twice the best seen lately, or 20 ms):
 * a reply read late, by a thread that waited for a CPU, would move the clock by half its delay.
 */
final class FleetClock {

    private static final long ALWAYS_TAKEN_MILLIS = 20;

    private volatile long offsetMillis;
    private long bestRoundTrip = Long.MAX_VALUE;

    long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** From a TIME reply [seconds, microseconds] received between the two local times (one thread calls this). */
    void sync(Object timeReply, long sentMillis, long receivedMillis) {
        long roundTrip = Math.max(0, receivedMillis - sentMillis);
        // the best round trip ages by a millisecond a sample, so a slower network is accepted in time
        bestRoundTrip = bestRoundTrip == Long.MAX_VALUE ? roundTrip : bestRoundTrip + 1;
        if (roundTrip > Math.max(ALWAYS_TAKEN_MILLIS, 2 * bestRoundTrip) && offsetMillis != 0) {
            return;
        }
        bestRoundTrip = Math.min(bestRoundTrip, roundTrip);
        if (timeReply instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String s && l.get(1) instanceof String us) {
            try {
                long server = Long.parseLong(s) * 1000 + Long.parseLong(us) / 1000;
                offsetMillis = server - (sentMillis + receivedMillis) / 2;
            } catch (NumberFormatException ignored) {
                // keep the last offset: a wrong reply must not move the clock
            }
        }
    }
}
