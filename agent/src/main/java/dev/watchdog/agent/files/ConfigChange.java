package dev.watchdog.agent.files;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigKey;
import dev.watchdog.agent.config.ConfigKeys;
import dev.watchdog.agent.config.TargetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a valid new configuration changes, split as the key table says ({@link ConfigKey#reload()}):
 * targets and live keys are applied; a key read once at start waits for a restart, and its value at
 * start stays in the configuration in force.
 *
 * @param applied   target changes and live keys with old and new values (never secrets)
 * @param atRestart keys whose new value waits for a restart, with the value in force and the new one
 * @param inForce   what the agent runs with after the reload: the new configuration, restart keys as they were
 */
record ConfigChange(List<String> applied, List<String> atRestart, AgentConfig inForce) {

    static ConfigChange between(AgentConfig running, AgentConfig next) {
        List<String> applied = targetChanges(running.targets(), next.targets());
        List<String> atRestart = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            String before = running.raw().get(key.name());
            String after = next.raw().get(key.name());
            if (!Objects.equals(before, after)) {
                (key.live() ? applied : atRestart).add(key.name() + " " + shown(before) + "->" + shown(after));
            }
        }
        return new ConfigChange(List.copyOf(applied), List.copyOf(atRestart), inForce(running, next));
    }

    /** One line for the log and the status surfaces: which keys were applied, which wait for a restart. */
    String summary() {
        List<String> parts = new ArrayList<>();
        if (!applied.isEmpty()) {
            parts.add("applied: " + String.join(", ", applied));
        }
        if (!atRestart.isEmpty()) {
            parts.add("takes effect at restart: " + String.join(", ", atRestart));
        }
        return parts.isEmpty() ? "no effective change" : String.join("; ", parts);
    }

    private static List<String> targetChanges(List<TargetConfig> before, List<TargetConfig> after) {
        Map<String, TargetConfig> old = byName(before);
        Map<String, TargetConfig> now = byName(after);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.forEach((name, t) -> {
            if (!old.containsKey(name)) {
                added.add(name);
            } else if (!old.get(name).equals(t)) {
                changed.add(name);
            }
        });
        List<String> removed = old.keySet().stream().filter(n -> !now.containsKey(n)).toList();
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("targets added=" + added);
        }
        if (!removed.isEmpty()) {
            parts.add("targets removed=" + removed);
        }
        if (!changed.isEmpty()) {
            parts.add("targets changed=" + changed);
        }
        return parts;
    }

    /** {@code next} with every restart key (raw, as written, and its record component) at its running value. */
    private static AgentConfig inForce(AgentConfig running, AgentConfig next) {
        Map<String, String> raw = new TreeMap<>(next.raw());
        Map<String, String> written = new TreeMap<>(next.written());
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            if (!key.live()) {
                keep(running.raw(), raw, key.name());
                keep(running.written(), written, key.name());
            }
        }
        Picker pick = new Picker(running, next);
        return new AgentConfig(pick.of(ConfigKeys.HEALTH_INTERVAL, AgentConfig::healthInterval),
                pick.of(ConfigKeys.HEALTH_TIMEOUT, AgentConfig::healthTimeout),
                pick.of(ConfigKeys.UNHEALTHY_THRESHOLD, AgentConfig::unhealthyThreshold),
                pick.of(ConfigKeys.HEALTHY_THRESHOLD, AgentConfig::healthyThreshold),
                pick.of(ConfigKeys.JDBC_ENABLED, AgentConfig::jdbcEnabled),
                pick.of(ConfigKeys.HTTP_ENABLED, AgentConfig::httpEnabled),
                pick.of(ConfigKeys.LOG_LEVEL, AgentConfig::logLevel),
                pick.of(ConfigKeys.LOG_FILE, AgentConfig::logFile),
                next.targets(), raw,
                pick.of(ConfigKeys.HEALTH_UNHEALTHY_INTERVAL, AgentConfig::unhealthyInterval),
                pick.of(ConfigKeys.HEALTH_JITTER, AgentConfig::jitterPercent),
                pick.of(ConfigKeys.HEALTH_DISCOVER, AgentConfig::discover),
                pick.of(ConfigKeys.HEALTH_DISCOVER_MAX, AgentConfig::discoverMax),
                pick.of(ConfigKeys.FILES_WATCH, AgentConfig::filesWatch),
                pick.of(ConfigKeys.FILES_INTERVAL, AgentConfig::filesInterval),
                pick.of(ConfigKeys.FILES_MAX_SIZE, AgentConfig::filesMaxSize), written);
    }

    /** A record component's value: the new one for a live key, the running one for a restart key. */
    private record Picker(AgentConfig running, AgentConfig next) {
        <T> T of(ConfigKey<?> key, Function<AgentConfig, T> component) {
            return component.apply(key.live() ? next : running);
        }
    }

    private static void keep(Map<String, String> from, Map<String, String> into, String key) {
        if (from.containsKey(key)) {
            into.put(key, from.get(key));
        } else {
            into.remove(key);
        }
    }

    private static String shown(String value) {
        return value == null || value.isEmpty() ? "(empty)" : value;
    }

    private static Map<String, TargetConfig> byName(List<TargetConfig> targets) {
        Map<String, TargetConfig> map = new TreeMap<>();
        targets.forEach(t -> map.put(t.name(), t));
        return map;
    }
}
