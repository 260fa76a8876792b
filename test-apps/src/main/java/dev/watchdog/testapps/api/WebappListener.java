package dev.watchdog.testapps.api;

import dev.watchdog.api.Watchdog;
import dev.watchdog.testapps.Calls;

/**
 * The part of {@link ApiApp} that runs in a web-container-style child-first loader with its own copy of the API jar:
 * a health listener printing {@code WEBAPP HEALTH <target> UP|DOWN thread=<name>}.
 */
public final class WebappListener {

    private WebappListener() {
    }

    public static void start() {
        Watchdog.onHealthChange(e -> Calls.print("WEBAPP HEALTH " + e.target() + " " + (e.healthy() ? "UP" : "DOWN")
                + " thread=" + Thread.currentThread().getName()));
        Calls.print("WEBAPP registered loader=" + Watchdog.class.getClassLoader().getName());
    }
}
