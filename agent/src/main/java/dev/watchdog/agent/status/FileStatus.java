package dev.watchdog.agent.status;

import java.time.Instant;

/**
 * One watched file.
 *
 * @param hash SHA-256 hex of its content; empty when missing
 * @param lastChange null when never seen changing
 * @param changes how many changes were seen since the agent started
 */
public record FileStatus(String path, String hash, Instant lastChange, boolean missing, long changes) {
}
