package dev.watchdog.agent.config;

/**
 * One error or warning about the configuration.
 *
 * @param key the key concerned (an environment variable name for unknown WATCHDOG_ variables)
 * @param where "line 12", "system property", "agent argument", "environment WATCHDOG_X", or "" when not tied to a source
 * @param message what is wrong and what is expected; never contains a secret
 */
public record ConfigProblem(String key, String where, String message) {

    /** {@code key (where): message}, or {@code key: message} without a source. */
    @Override
    public String toString() {
        return where == null || where.isEmpty() ? key + ": " + message : key + " (" + where + "): " + message;
    }
}
