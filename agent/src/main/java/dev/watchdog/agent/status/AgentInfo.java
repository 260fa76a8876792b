package dev.watchdog.agent.status;

import java.time.Instant;

/**
 * The agent itself.
 *
 * @param configPath empty when no file
 * @param configHash SHA-256 hex of the config file; empty when none
 * @param mode e.g. "enforce" or "observe"
 * @param lastReload null when never reloaded
 * @param lastReloadResult empty when never reloaded
 */
public record AgentInfo(String version, String configPath, String configHash, String mode, Instant startedAt,
                        Instant lastReload, String lastReloadResult) {
}
