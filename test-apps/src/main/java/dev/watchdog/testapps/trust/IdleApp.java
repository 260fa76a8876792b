package dev.watchdog.testapps.trust;

import dev.watchdog.testapps.Calls;

/**
 * An application that calls nothing itself: only the agent's own health checks reach the network.
 * It waits {@code maxSeconds}, then prints {@code DONE}.
 *
 * <p>Usage: {@code IdleApp <maxSeconds>}
 */
public final class IdleApp {

    private IdleApp() {
    }

    public static void main(String[] args) throws Exception {
        Calls.loop(1_000, Long.parseLong(args[0]), () -> { });
    }
}
