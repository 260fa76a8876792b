package dev.watchdog.agent.fleet;

/** The Redis names of one fleet, all under {@code watchdog:fleet:<fleet>:}. */
final class FleetKeys {

    private final String prefix;

    FleetKeys(String fleet) {
        this.prefix = "watchdog:fleet:" + fleet + ":";
    }

    /** Sorted set: member id scored by the fleet time its registration expires. */
    String members() {
        return prefix + "members";
    }

    /** Counter bumped whenever the member set changes, so members re-read the set only then. */
    String version() {
        return prefix + "version";
    }

    /** One member's registration (host, pid, start), expiring unless refreshed. */
    String member(String id) {
        return prefix + "member:" + id;
    }

    /** Hash: prober id -> its signed vote on the target. */
    String votes(String target) {
        return prefix + "votes:" + target;
    }

    /** Pub/sub channel of every vote transition in the fleet. */
    String channel() {
        return prefix + "verdicts";
    }
}
