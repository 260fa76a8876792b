package dev.watchdog.agent.fleet;

/** Told when the fleet's verdict for a target changes. */
public interface FleetListener {

    /**
     * The fleet's verdict for a target changed (quorum of its probers says DOWN, or no longer says it).
     * On a fleet thread, never an application thread; must not block long (it delays the member's
     * next message). Also called with {@code down=false} for every target the fleet held DOWN when the
     * member falls back to its own probes (Redis unreachable) or closes.
     */
    void fleetChanged(String target, boolean down, String detail);
}
