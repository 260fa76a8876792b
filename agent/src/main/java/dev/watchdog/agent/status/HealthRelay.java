package dev.watchdog.agent.status;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.log.AgentLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pinger's one listener: tells the breakers first, then the status surfaces, which exist only
 * later (they read the pinger), so target health notifications follow the change at once instead
 * of waiting for the periodic sync. It also asks for the (deferred) instrumentation when a target
 * goes DOWN, and when a JDBC check needs the driver the application connects through (the JDBC
 * advice reports it). Other parts (integrations, the application's listeners) join with
 * {@link #also}: each is told after the breakers and status, and its failure is logged, never passed on.
 */
public final class HealthRelay implements HealthListener {

    private final HealthListener breakers;
    private final Runnable instrumentNow;
    private volatile Runnable status = () -> { };
    private final List<HealthListener> others = new CopyOnWriteArrayList<>();

    public HealthRelay(HealthListener breakers, Runnable instrumentNow) {
        this.breakers = breakers;
        this.instrumentNow = instrumentNow;
    }

    /** @param onChange must return at once: it runs on the pinger's thread */
    public void relayTo(Runnable onChange) {
        this.status = onChange;
    }

    /** @param listener told of changes and removals after the breakers; must return at once (the pinger's thread) */
    public void also(HealthListener listener) {
        others.add(listener);
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
            for (HealthListener other : others) {
                try {
                    other.changed(target, from, to, reason);
                } catch (Throwable e) {
                    AgentLog.of("health").warn("a health listener failed on {}: {}", target.name(), e.toString());
                }
            }
        }
    }

    @Override
    public void removed(TargetConfig target) {
        try {
            breakers.removed(target);
        } finally {
            status.run();
            for (HealthListener other : others) {
                try {
                    other.removed(target);
                } catch (Throwable e) {
                    AgentLog.of("health").warn("a health listener failed on {}'s removal: {}", target.name(), e.toString());
                }
            }
        }
    }

    @Override
    public void driverMissing(TargetConfig target) {
        instrumentNow.run();
    }
}
