package dev.watchdog.agent.log;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.TaggedLogger;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

/**
 * The agent's own log: tinylog, configured programmatically before the first log call, so that
 * it never reads the application's logging configuration. One line per event:
 * {@code <time> watchdog <LEVEL> <component> <message>} (see {@link LogFormat}).
 */
public final class AgentLog {

    private AgentLog() {
    }

    /** Must run once, on a thread whose context class loader is the agent's, before any logging. Text with UTC times, 10 MB files, 5 kept. */
    public static void configure(String level, String file) {
        configure(level, file, 10L * 1024 * 1024, 5, "text", "utc");
    }

    /**
     * @param file     null or blank: stderr
     * @param maxBytes a file is rotated before it would grow past this
     * @param keep     rotated files kept ({@code file.1} .. {@code file.<keep>})
     * @param format   text or json
     * @param time     utc: text lines start with their time (ISO-8601, UTC, milliseconds); off: they do not
     *                 (JSON lines always have their time field)
     */
    public static void configure(String level, String file, long maxBytes, int keep, String format, String time) {
        Map<String, String> settings = new HashMap<>();
        settings.put("autoshutdown", "false");   // no shutdown hook of ours in the application
        settings.put("writingthread", "false");  // no extra thread; our lines are few
        settings.put("level", normalize(level));
        // tinylog creates writers named by class through the context class loader: the agent's
        settings.put("writer", AgentLogWriter.class.getName());
        settings.put("writer.format", LogFormat.of(format).name().toLowerCase(Locale.ROOT));
        settings.put("writer.time", "off".equalsIgnoreCase(time == null ? "" : time.strip()) ? "off" : "utc");
        if (file != null && !file.isBlank()) {
            settings.put("writer.file", file);
            settings.put("writer.max-size", Long.toString(maxBytes));
            settings.put("writer.keep", Integer.toString(keep));
        }
        Configuration.replace(settings);
        // Create the provider and its writers now, while the context class loader is the agent's: the
        // first log call may come on a thread whose context loader is the application's.
        ProviderRegistry.getLoggingProvider();
    }

    /**
     * The live log settings of a reload: the next line is written with the new format and time, and a log
     * file rotates by the new size and keep. Level and file are tinylog's, frozen at start.
     */
    public static void reconfigure(long maxBytes, int keep, String format, String time) {
        AgentLogWriter.reconfigure(maxBytes, keep, format, time);
    }

    /** A logger for one component: health, breaker, config, instrument, agent... */
    public static TaggedLogger of(String component) {
        return org.tinylog.Logger.tag(component);
    }

    /**
     * A value for a {@code key="..."} field: quotes and backslashes escaped, so that a driver's message
     * that quotes something itself ({@code Connection is broken: "..."}) does not end the field early.
     */
    public static String quoted(String value) {
        if (value == null || (value.indexOf('"') < 0 && value.indexOf('\\') < 0)) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
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
