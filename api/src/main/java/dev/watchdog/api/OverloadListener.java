package dev.watchdog.api;

/** Told when an overload starts and when it ends (see {@link Watchdog#onOverload}). */
@FunctionalInterface
public interface OverloadListener {

    void changed(OverloadEvent event) throws Exception;
}
