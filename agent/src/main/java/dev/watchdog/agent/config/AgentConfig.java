package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated configuration.
 *
 * @param targets sorted by name
 * @param raw every effective {@code watchdog.*} key and value after overrides and {@code ${env:}}
 *            substitution, defaults included, sorted; for keys added later. Holds secrets in clear:
 *            show it only through {@link #toString()}.
 * @param unhealthyInterval the global check interval while DOWN; {@link Duration#ZERO}: the interval
 * @param jitterPercent each check's delay is spread by up to this percentage of its interval
 * @param discover {@code auto}, {@code true} or {@code false}: see {@link #discoverEnabled()}
 * @param filesWatch files to fingerprint, as configured (relative paths resolve against user.dir)
 */
public record AgentConfig(Duration healthInterval, Duration healthTimeout, int unhealthyThreshold, int healthyThreshold,
                          boolean jdbcEnabled, boolean httpEnabled, String logLevel, String logFile,
                          List<TargetConfig> targets, Map<String, String> raw,
                          Duration unhealthyInterval, int jitterPercent, String discover, int discoverMax,
                          List<String> filesWatch, Duration filesInterval, long filesMaxSize) {

    public AgentConfig {
        targets = List.copyOf(targets);
        raw = Collections.unmodifiableMap(new TreeMap<>(raw));
        filesWatch = List.copyOf(filesWatch);
    }

    /** Discovery is on when asked for, or by default when no target is configured. */
    public boolean discoverEnabled() {
        return "true".equals(discover) || ("auto".equals(discover) && targets.isEmpty());
    }

    /** Every key at its default, no targets. */
    public static AgentConfig defaults() {
        Map<String, String> raw = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            raw.put(key.name(), key.defaultValue());
        }
        return new AgentConfig(ConfigKeys.HEALTH_INTERVAL.defaultParsed(), ConfigKeys.HEALTH_TIMEOUT.defaultParsed(),
                ConfigKeys.UNHEALTHY_THRESHOLD.defaultParsed(), ConfigKeys.HEALTHY_THRESHOLD.defaultParsed(),
                ConfigKeys.JDBC_ENABLED.defaultParsed(), ConfigKeys.HTTP_ENABLED.defaultParsed(),
                ConfigKeys.LOG_LEVEL.defaultParsed(), ConfigKeys.LOG_FILE.defaultParsed(), List.of(), raw,
                ConfigKeys.HEALTH_UNHEALTHY_INTERVAL.defaultParsed(), ConfigKeys.HEALTH_JITTER.defaultParsed(),
                ConfigKeys.HEALTH_DISCOVER.defaultParsed(), ConfigKeys.HEALTH_DISCOVER_MAX.defaultParsed(),
                ConfigKeys.FILES_WATCH.defaultParsed(), ConfigKeys.FILES_INTERVAL.defaultParsed(),
                ConfigKeys.FILES_MAX_SIZE.defaultParsed());
    }

    // ---- client coverage (mode, socket fallback) ----

    /** False in observe mode: breakers run, but no call is rejected. */
    public boolean enforcing() {
        return !"observe".equals(value(ConfigKeys.MODE));
    }

    public boolean socketEnabled() {
        return value(ConfigKeys.SOCKET_ENABLED);
    }

    /** A key read from {@link #raw} (validated there already), its default when absent. */
    private <T> T value(ConfigKey<T> key) {
        String v = raw.get(key.name());
        return v == null ? key.defaultParsed() : key.type().parse(v);
    }
    // ---- end client coverage ----

    /** Raw values are shown redacted. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        raw.forEach((k, v) -> shown.put(k, Shown.value(k, v)));
        return "AgentConfig[healthInterval=" + Durations.format(healthInterval) + ", healthTimeout=" + Durations.format(healthTimeout)
                + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
                + ", jdbcEnabled=" + jdbcEnabled + ", httpEnabled=" + httpEnabled + ", logLevel=" + logLevel
                + ", logFile=" + logFile + ", targets=" + targets + ", raw=" + shown
                + ", unhealthyInterval=" + Durations.format(unhealthyInterval) + ", jitterPercent=" + jitterPercent
                + ", discover=" + discover + ", discoverMax=" + discoverMax + ", filesWatch=" + filesWatch
                + ", filesInterval=" + Durations.format(filesInterval) + ", filesMaxSize=" + Sizes.format(filesMaxSize) + "]";
    }
}
