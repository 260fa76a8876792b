package dev.watchdog.agent.fleet;

import java.util.List;

/**
 * The fleet's time: this JVM's clock corrected by Redis's (TIME, read every cycle), so vote ages and
 * registration expiries mean the same on every member even when the hosts' clocks disagree.
 */
final class FleetClock {

    private volatile long offsetMillis;

    long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** From a TIME reply [seconds, microseconds] received between the two local times. */
    void sync(Object timeReply, long sentMillis, long receivedMillis) {
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
