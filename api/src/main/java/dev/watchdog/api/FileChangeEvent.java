package dev.watchdog.api;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A watched file changed.
 *
 * @param path   the file, absolute
 * @param sha256 its new SHA-256, lower-case hex; null when it is missing, too large or unreadable
 * @param kind   what happened
 * @param time   when the agent saw it
 */
public record FileChangeEvent(Path path, String sha256, Kind kind, Instant time) {

    public enum Kind {
        /** new content */
        CHANGED,
        /** the file is gone */
        MISSING,
        /** the file is back after it was missing, too large or unreadable */
        RETURNED,
        /** larger than {@code watchdog.files.max-size}: not read */
        TOO_LARGE,
        /** could not be read */
        UNREADABLE,
        /** a kind this API version does not know (a newer agent) */
        OTHER
    }
}
