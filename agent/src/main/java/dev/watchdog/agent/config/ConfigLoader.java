package dev.watchdog.agent.config;

import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** PLACEHOLDER until the config branch lands. */
public final class ConfigLoader {
    public static ConfigResult load(String agentArgs, Map<String, String> env, Properties systemProperties) {
        String path = agentArgs != null && agentArgs.startsWith("config=") ? agentArgs.substring(7) : null;
        return load(path == null ? null : Path.of(path), agentArgs, env, systemProperties);
    }

    public static ConfigResult load(Path file, String agentArgs, Map<String, String> env, Properties systemProperties) {
        try {
            Properties p = new Properties();
            if (file != null) {
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                }
            }
            Duration interval = Durations.parse(p.getProperty("watchdog.health.interval", "5"));
            Duration timeout = Durations.parse(p.getProperty("watchdog.health.timeout", "1"));
            List<TargetConfig> targets = new ArrayList<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("watchdog.target.") && key.endsWith(".check")) {
                    String name = key.substring(16, key.length() - 6);
                    String check = p.getProperty(key);
                    CheckKind kind = check.startsWith("jdbc:") ? CheckKind.JDBC : check.startsWith("http") ? CheckKind.HTTP : CheckKind.TCP;
                    List<String> hosts = List.of(p.getProperty("watchdog.target." + name + ".hosts", hostOf(check)).split(","));
                    targets.add(new TargetConfig(name, kind, check, hosts, interval, timeout, 1, 1, null, null));
                }
            }
            AgentConfig c = new AgentConfig(interval, timeout, 1, 1, true, true, "info", null, targets, Map.of());
            return new ConfigResult(c, List.of(), List.of(), file);
        } catch (Exception e) {
            return new ConfigResult(null, List.of(new ConfigProblem("?", "", e.toString())), List.of(), file);
        }
    }

    private static String hostOf(String check) {
        URI u = URI.create(check.startsWith("jdbc:") ? check.substring(5).replace("h2:tcp", "tcp") : check);
        int port = u.getPort() > 0 ? u.getPort() : check.startsWith("https") ? 443 : 80;
        return u.getHost() + ":" + port;
    }
}
