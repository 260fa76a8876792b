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
 */
public record AgentConfig(Duration healthInterval, Duration healthTimeout, int unhealthyThreshold, int healthyThreshold,
                          boolean jdbcEnabled, boolean httpEnabled, String logLevel, String logFile,
                          List<TargetConfig> targets, Map<String, String> raw) {

    public AgentConfig {
        targets = List.copyOf(targets);
        raw = Collections.unmodifiableMap(new TreeMap<>(raw));
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
                ConfigKeys.LOG_LEVEL.defaultParsed(), ConfigKeys.LOG_FILE.defaultParsed(), List.of(), raw);
    }

    /** Raw values are shown redacted. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        raw.forEach((k, v) -> shown.put(k, Shown.value(k, v)));
        return "AgentConfig[healthInterval=" + Durations.format(healthInterval) + ", healthTimeout=" + Durations.format(healthTimeout)
                + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
                + ", jdbcEnabled=" + jdbcEnabled + ", httpEnabled=" + httpEnabled + ", logLevel=" + logLevel
                + ", logFile=" + logFile + ", targets=" + targets + ", raw=" + shown + "]";
    }
}
