package dev.watchdog.agent.log;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.TaggedLogger;
import org.tinylog.configuration.Configuration;

/**
 * The agent's own log: tinylog, configured programmatically before the first log call, so that
 * it never reads the application's logging configuration. One line per event:
 * {@code watchdog <LEVEL> <component> <message>}.
 */
public final class AgentLog {

    private AgentLog() {
    }

    /** Must run once, on a thread whose context class loader is the agent's, before any logging. */
    public static void configure(String level, String file) {
        Map<String, String> settings = new HashMap<>();
        settings.put("autoshutdown", "false");   // no shutdown hook of ours in the application
        settings.put("writingthread", "false");  // no extra thread; our lines are few
        settings.put("level", normalize(level));
        if (file == null || file.isBlank()) {
            settings.put("writer", "console");
            settings.put("writer.stream", "err");
            settings.put("writer.format", "watchdog {level} {tag} {message}");
        } else {
            settings.put("writer", "file");
            settings.put("writer.file", file);
            settings.put("writer.append", "true");
            settings.put("writer.format", "{date:yyyy-MM-dd'T'HH:mm:ss.SSSZ} watchdog {level} {tag} {message}");
        }
        Configuration.replace(settings);
    }

    /** A logger for one component: health, breaker, config, instrument, agent... */
    public static TaggedLogger of(String component) {
        return org.tinylog.Logger.tag(component);
    }

    private static String normalize(String level) {
        String l = level == null ? "info" : level.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "trace", "debug", "info", "warn", "error", "off" -> l;
            case "warning" -> "warn";
            default -> "info";
        };
    }
}
