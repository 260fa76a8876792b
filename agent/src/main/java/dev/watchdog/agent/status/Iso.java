package dev.watchdog.agent.status;

import java.time.Instant;

/** Instants as the status surfaces print them: ISO-8601 UTC, empty when unknown. */
public final class Iso {

    private Iso() {
    }

    public static String of(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
