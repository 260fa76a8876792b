package dev.watchdog.agent.config;

/**
 * One key's value and where it came from, so every message can point the user at the right line or override.
 *
 * @param where as in {@link ConfigProblem#where()}
 */
record Setting(String key, String value, String where) {

    Setting withValue(String newValue) {
        return new Setting(key, newValue, where);
    }
}
