package dev.watchdog.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * System property and environment overrides, as settings.
 *
 * <p>Environment rule: only {@code WATCHDOG_*} variables are read. A global key maps to its name in
 * upper case with '.' and '-' as '_' ({@code WATCHDOG_HEALTH_INTERVAL}). A target key is
 * {@code WATCHDOG_TARGET_<NAME>_<ATTRIBUTE>}: the longest known attribute suffix wins
 * ({@code _UNHEALTHY_THRESHOLD} before {@code _HEALTHY_THRESHOLD}); {@code <NAME>} selects the
 * target already defined elsewhere whose name has that environment form ({@code orders-db} for
 * {@code ORDERS_DB}) when exactly one does, else the name is {@code <NAME>} lower-cased, underscores kept.
 */
final class Overrides {

    static final String SYSTEM_PROPERTY = "system property";
    static final String ENV_CONFIG = "WATCHDOG_CONFIG";
    private static final String ENV_PREFIX = "WATCHDOG_";
    private static final String ENV_TARGET = "WATCHDOG_TARGET_";

    private Overrides() {
    }

    /** Every {@code watchdog.*} system property except the file location, sorted. */
    static List<Setting> fromSystemProperties(Properties props) {
        List<Setting> settings = new ArrayList<>();
        if (props == null) {
            return settings;
        }
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            if (name.startsWith(ConfigKeys.PREFIX) && !name.equals(ConfigKeys.CONFIG)) {
                settings.add(new Setting(name, props.getProperty(name).strip(), SYSTEM_PROPERTY));
            }
        }
        return settings;
    }

    /**
     * @param targetNames targets defined by the file, system properties and agent arguments
     */
    static List<Setting> fromEnvironment(Map<String, String> env, Collection<String> targetNames, Problems problems) {
        List<Setting> settings = new ArrayList<>();
        if (env == null) {
            return settings;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(ENV_PREFIX) || var.equals(ENV_CONFIG) || e.getValue() == null) {
                continue;
            }
            String key = keyOf(var, targetNames);
            if (key != null) {
                settings.add(new Setting(key, e.getValue().strip(), where(var)));
            } else {
                problems.warn(var, where(var), "unknown environment variable; ignored"
                        + Suggestions.hint(var, knownEnvNames(targetNames)));
            }
        }
        return settings;
    }

    static String where(String var) {
        return "environment " + var;
    }

    /** The config key an environment variable overrides, or null. */
    static String keyOf(String var, Collection<String> targetNames) {
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            if (key.envName().equals(var)) {
                return key.name();
            }
        }
        if (!var.startsWith(ENV_TARGET)) {
            return null;
        }
        String rest = var.substring(ENV_TARGET.length());
        TargetAttribute best = null;
        for (TargetAttribute a : ConfigKeys.TARGET_ATTRIBUTES) {
            String suffix = "_" + a.envSuffix();
            if (rest.endsWith(suffix) && rest.length() > suffix.length()
                    && (best == null || a.envSuffix().length() > best.envSuffix().length())) {
                best = a;
            }
        }
        if (best == null) {
            return null;
        }
        String envTarget = rest.substring(0, rest.length() - best.envSuffix().length() - 1);
        return best.key(targetName(envTarget, targetNames));
    }

    private static String targetName(String envTarget, Collection<String> targetNames) {
        List<String> matches = new ArrayList<>();
        for (String name : targetNames) {
            if (ConfigKeys.envName(name).equals(envTarget)) {
                matches.add(name);
            }
        }
        return matches.size() == 1 ? matches.get(0) : envTarget.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> knownEnvNames(Collection<String> targetNames) {
        List<String> names = new ArrayList<>();
        ConfigKeys.GLOBAL.forEach(k -> names.add(k.envName()));
        for (String target : targetNames) {
            ConfigKeys.TARGET_ATTRIBUTES.forEach(a -> names.add(ConfigKeys.envName(a.key(target))));
        }
        return names;
    }
}
