package dev.watchdog.agent.status;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;

/**
 * The pinger's one listener: tells the breakers first, then the status surfaces, which exist only
 * later (they read the pinger), so target health notifications follow the change at once instead
 * of waiting for the periodic sync. It also asks for the (deferred) instrumentation when a target
 * goes DOWN, and when a JDBC check needs the driver the application connects through (the JDBC
 * advice reports it).
 */
public final class HealthRelay implements HealthListener {

    private final HealthListener breakers;
    private final Runnable instrumentNow;
    private volatile Runnable status = () -> { };

    public HealthRelay(HealthListener breakers, Runnable instrumentNow) {
        this.breakers = breakers;
        this.instrumentNow = instrumentNow;
    }

    /** @param onChange must return at once: it runs on the pinger's thread */
    public void relayTo(Runnable onChange) {
        this.status = onChange;
    }

    @Override
    public void changed(TargetConfig target, Health from, Health to, String reason) {
        if (to == Health.DOWN) {
            instrumentNow.run();   // its hosts' calls are to fail from now on
        }
        try {
            breakers.changed(target, from, to, reason);
        } finally {
            status.run();
        }
    }

    @Override
    public void removed(TargetConfig target) {
        try {
            breakers.removed(target);
        } finally {
            status.run();
        }
    }

    @Override
    public void driverMissing(TargetConfig target) {
        instrumentNow.run();
    }
}
