package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The key table: every key the agent reads, its type, default and one-line doc. New keys are new
 * rows here; the loader, the environment mapping, suggestions and {@link #describe()} follow.
 */
public final class ConfigKeys {

    public static final String PREFIX = "watchdog.";
    public static final String TARGET_PREFIX = "watchdog.target.";
    /** Where the file is; read as a system property or agent argument, never from the file itself. */
    public static final String CONFIG = "watchdog.config";

    public static final ConfigKey<Duration> HEALTH_INTERVAL = new ConfigKey<>("watchdog.health.interval",
            ValueType.POSITIVE_DURATION, "5s", "how often each target is checked");
    public static final ConfigKey<Duration> HEALTH_TIMEOUT = new ConfigKey<>("watchdog.health.timeout",
            ValueType.POSITIVE_DURATION, "1s", "a check slower than this has failed");
    public static final ConfigKey<Integer> UNHEALTHY_THRESHOLD = new ConfigKey<>("watchdog.health.unhealthy-threshold",
            ValueType.AT_LEAST_ONE, "1", "consecutive failures before a target is DOWN");
    public static final ConfigKey<Integer> HEALTHY_THRESHOLD = new ConfigKey<>("watchdog.health.healthy-threshold",
            ValueType.AT_LEAST_ONE, "1", "consecutive successes before a DOWN target is UP again");
    public static final ConfigKey<Boolean> JDBC_ENABLED = new ConfigKey<>("watchdog.jdbc.enabled",
            ValueType.BOOLEAN, "true", "fail JDBC connections to DOWN hosts fast");
    public static final ConfigKey<Boolean> HTTP_ENABLED = new ConfigKey<>("watchdog.http.enabled",
            ValueType.BOOLEAN, "true", "fail HTTP calls to DOWN hosts fast");
    public static final ConfigKey<String> LOG_LEVEL = new ConfigKey<>("watchdog.log.level",
            ValueType.oneOf("trace", "debug", "info", "warn", "error", "off"), "info", "the agent's log level");
    public static final ConfigKey<String> LOG_FILE = new ConfigKey<>("watchdog.log.file",
            ValueType.TEXT, "", "the agent's log file; empty: stderr");

    /** Every global key, in reference order. */
    public static final List<ConfigKey<?>> GLOBAL = List.of(HEALTH_INTERVAL, HEALTH_TIMEOUT, UNHEALTHY_THRESHOLD,
            HEALTHY_THRESHOLD, JDBC_ENABLED, HTTP_ENABLED, LOG_LEVEL, LOG_FILE);

    public static final TargetAttribute CHECK = new TargetAttribute("check", ValueType.TEXT, null, true, false,
            "what to check: tcp://host:port, http(s)://host[:port]/path or jdbc:...");
    public static final TargetAttribute HOSTS = new TargetAttribute("hosts", ValueType.HOST_LIST, null, false, false,
            "hosts whose calls fail fast while DOWN; default: the check's host(s)");
    public static final TargetAttribute INTERVAL = new TargetAttribute("interval", ValueType.POSITIVE_DURATION,
            HEALTH_INTERVAL, false, false, "this target's check interval");
    public static final TargetAttribute TIMEOUT = new TargetAttribute("timeout", ValueType.POSITIVE_DURATION,
            HEALTH_TIMEOUT, false, false, "this target's check timeout");
    public static final TargetAttribute TARGET_UNHEALTHY = new TargetAttribute("unhealthy-threshold", ValueType.AT_LEAST_ONE,
            UNHEALTHY_THRESHOLD, false, false, "this target's failures before DOWN");
    public static final TargetAttribute TARGET_HEALTHY = new TargetAttribute("healthy-threshold", ValueType.AT_LEAST_ONE,
            HEALTHY_THRESHOLD, false, false, "this target's successes before UP");
    public static final TargetAttribute USER = new TargetAttribute("user", ValueType.TEXT, null, false, false,
            "user for jdbc checks");
    public static final TargetAttribute PASSWORD = new TargetAttribute("password", ValueType.TEXT, null, false, true,
            "password for jdbc checks (never logged)");

    /** Every target attribute, in reference order. */
    public static final List<TargetAttribute> TARGET_ATTRIBUTES = List.of(CHECK, HOSTS, INTERVAL, TIMEOUT,
            TARGET_UNHEALTHY, TARGET_HEALTHY, USER, PASSWORD);

    private ConfigKeys() {
    }

    /** The global key of that name, or null. */
    public static ConfigKey<?> global(String name) {
        for (ConfigKey<?> key : GLOBAL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    /** The target attribute of that name, or null. */
    public static TargetAttribute attribute(String name) {
        for (TargetAttribute a : TARGET_ATTRIBUTES) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** A key's environment variable: upper case, '.' and '-' become '_'. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key reference, one line per key: name, default, expected values, doc. The README is checked against it. */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigKey<?> key : GLOBAL) {
            row(out, key.name(), key.defaultValue(), key.type().expected(), key.doc());
        }
        for (TargetAttribute a : TARGET_ATTRIBUTES) {
            String dflt = a.required() ? "(required)" : a.inherits() != null ? "(" + a.inherits().name() + ")" : "";
            row(out, a.key("<name>"), dflt, a.type().expected(), a.doc());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String dflt, String expected, String doc) {
        out.append(name).append(" | ").append(dflt).append(" | ").append(expected).append(" | ").append(doc).append('\n');
    }
}
