package dev.watchdog.api;

/** Told of every change of a target's verdict (see {@link Watchdog#onHealthChange}). */
@FunctionalInterface
public interface HealthListener {

    void changed(HealthEvent event) throws Exception;
}
