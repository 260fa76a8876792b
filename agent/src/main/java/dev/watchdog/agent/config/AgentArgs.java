package dev.watchdog.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -javaagent:watchdog-agent.jar=ARGS} string: {@code key=value} pairs separated by ','.
 * {@code config=PATH} (or {@code watchdog.config=PATH}) names the file; other {@code watchdog.*} keys
 * override like system properties. A piece without '=' continues the previous value, so
 * {@code watchdog.target.db.hosts=a:1,b:2} survives the split.
 */
final class AgentArgs {

    static final String WHERE = "agent argument";

    /** @param configPath the config file named, or null; @param settings the watchdog.* overrides */
    record Parsed(String configPath, List<Setting> settings) {
    }

    private AgentArgs() {
    }

    static Parsed parse(String agentArgs, Problems problems) {
        if (agentArgs == null || agentArgs.isBlank()) {
            return new Parsed(null, List.of());
        }
        List<String[]> pairs = new ArrayList<>();
        for (String piece : agentArgs.split(",", -1)) {
            int eq = piece.indexOf('=');
            if (eq < 0 && !pairs.isEmpty()) {
                String[] last = pairs.get(pairs.size() - 1);
                last[1] = last[1] + "," + piece;
            } else if (eq < 0) {
                if (!piece.isBlank()) {
                    problems.warn(piece.strip(), WHERE, "not a key=value pair; ignored; expected config=PATH or watchdog.KEY=VALUE");
                }
            } else {
                pairs.add(new String[] {piece.substring(0, eq).strip(), piece.substring(eq + 1)});
            }
        }
        String configPath = null;
        List<Setting> settings = new ArrayList<>();
        for (String[] pair : pairs) {
            String key = pair[0];
            String value = pair[1].strip();
            if (key.equals("config") || key.equals(ConfigKeys.CONFIG)) {
                configPath = value;
            } else if (key.startsWith(ConfigKeys.PREFIX)) {
                settings.add(new Setting(key, value, WHERE));
            } else {
                problems.warn(key, WHERE, "unknown agent argument; ignored; expected config=PATH or watchdog.KEY=VALUE");
            }
        }
        return new Parsed(configPath, settings);
    }
}
