package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;

/** Told of every change of a target's verdict, on the pinger's thread. */
public interface HealthListener {

    void changed(TargetConfig target, Health from, Health to, String reason);

    /**
     * The target is no longer checked (removed from the configuration, or replaced by a changed
     * version that checks something else): whatever it held open must be released.
     */
    default void removed(TargetConfig target) {
    }

    /**
     * A JDBC check found no driver for its URL on the application's class path: it waits for the
     * application to connect through one (seen by the JDBC advice, which must then be in place).
     */
    default void driverMissing(TargetConfig target) {
    }
}
