package dev.watchdog.agent.config;

/**
 * One global key: a row of the key table in {@link ConfigKeys}.
 *
 * @param defaultValue the default as a user would write it; it must parse with {@code type}
 * @param reload       whether a hot reload applies it or it waits for a restart
 */
public record ConfigKey<T>(String name, ValueType<T> type, String defaultValue, String doc, Reload reload) {

    /** The default, parsed. */
    public T defaultParsed() {
        return type.parse(defaultValue);
    }

    /** The environment variable that overrides this key: upper case, '.' and '-' become '_'. */
    public String envName() {
        return ConfigKeys.envName(name);
    }

    public boolean live() {
        return reload == Reload.LIVE;
    }
}
