package dev.watchdog.agent.status;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;

/**
 * The pinger's one listener: tells the breakers first, then the status surfaces, which exist only
 * later (they read the pinger), so target health notifications follow the change at once instead
 * of waiting for the periodic sync.
 */
public final class HealthRelay implements HealthListener {

    private final HealthListener breakers;
    private volatile Runnable status = () -> { };

    public HealthRelay(HealthListener breakers) {
        this.breakers = breakers;
    }

    /** @param onChange must return at once: it runs on the pinger's thread */
    public void relayTo(Runnable onChange) {
        this.status = onChange;
    }

    @Override
    public void changed(TargetConfig target, Health from, Health to, String reason) {
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
}
