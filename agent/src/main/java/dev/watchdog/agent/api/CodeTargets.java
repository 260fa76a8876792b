package dev.watchdog.agent.api;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.hosts.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings of a check registered in code: its own interval, timeout and thresholds where the application gave them,
 * else the global ones in force (so they follow a reload). Its check "URL" is {@code code:<name>}.
 */
final class CodeTargets {

    /** The names a configured target may have. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private CodeTargets() {
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @param keys the {@code host:port} keys given @param invalid the entries that are not {@code host:port} */
    record Hosts(List<String> keys, List<String> invalid) {
    }

    static Hosts hosts(String[] given) {
        List<String> keys = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String h : given == null ? new String[0] : given) {
            HostPort hp = HostPort.parse(h);
            String key = hp == null || hp.port() < 0 ? null : hp.key(-1);
            if (key == null) {
                invalid.add(String.valueOf(h));
            } else if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return new Hosts(keys, invalid);
    }

    static Function<AgentConfig, TargetConfig> settings(String name, List<String> hosts, Map<?, ?> options) {
        Duration interval = duration(options, "interval");
        Duration timeout = duration(options, "timeout");
        int unhealthy = count(options, "unhealthyThreshold");
        int healthy = count(options, "healthyThreshold");
        return g -> new TargetConfig(name, CheckKind.CODE, "code:" + name, hosts,
                interval != null ? interval : g.healthInterval(), timeout != null ? timeout : g.healthTimeout(),
                unhealthy > 0 ? unhealthy : g.unhealthyThreshold(), healthy > 0 ? healthy : g.healthyThreshold(),
                null, null, g.unhealthyInterval(), null, null, null, g.maxQuiet());
    }

    private static Duration duration(Map<?, ?> options, String key) {
        Object v = options == null ? null : options.get(key);
        return v instanceof Duration d && !d.isNegative() && !d.isZero() ? d : null;
    }

    private static int count(Map<?, ?> options, String key) {
        Object v = options == null ? null : options.get(key);
        return v instanceof Number n ? n.intValue() : 0;
    }
}
