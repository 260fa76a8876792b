package dev.watchdog.agent.config;

/**
 * One per-target attribute, written {@code watchdog.target.<name>.<attribute>}: a row of the target table in {@link ConfigKeys}.
 *
 * @param inherits the global key supplying the default, or null
 * @param required a target without it is an error
 * @param secret its value is never shown
 */
public record TargetAttribute(String name, ValueType<?> type, ConfigKey<?> inherits, boolean required, boolean secret, String doc) {

    /** The key for a given target. */
    public String key(String target) {
        return ConfigKeys.TARGET_PREFIX + target + '.' + name;
    }

    /** The attribute as it ends an environment variable name ({@code UNHEALTHY_THRESHOLD}). */
    public String envSuffix() {
        return ConfigKeys.envName(name);
    }
}
