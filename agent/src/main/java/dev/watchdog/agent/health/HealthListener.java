package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;

/** Told of every change of a target's verdict, on the pinger's thread. */
public interface HealthListener {

    void changed(TargetConfig target, Health from, Health to, String reason);
}
