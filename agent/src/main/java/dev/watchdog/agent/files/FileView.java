package dev.watchdog.agent.files;

import java.time.Instant;

/**
 * One watched file as the status surfaces show it.
 *
 * @param hash SHA-256 (hex) of the last reading; null when missing, too large or unreadable
 * @param size bytes; -1 when missing or not read yet
 * @param lastChange when a change was last seen; null when none since the baseline
 * @param changes changes seen since the baseline
 */
public record FileView(String path, String hash, long size, Instant lastChange, boolean missing, boolean tooLarge,
                       int changes) {
}
