package dev.watchdog.agent.log;

import dev.watchdog.agent.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One log event as one line: {@code text} ({@code <time> watchdog <LEVEL> <component> <message>}) or
 * {@code json} ({@code {"time":..,"level":..,"component":..,"message":..}}). Times are ISO-8601 UTC
 * with milliseconds ({@code 2026-12-02T07:15:03.123Z}). A message's own line breaks never split an
 * event: text shows them as {@code \n}, JSON escapes them.
 */
public enum LogFormat {
    TEXT, JSON;

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** {@code text} or {@code json}; anything else is text (the validator has refused it already). */
    public static LogFormat of(String name) {
        return "json".equalsIgnoreCase(name == null ? "" : name.strip()) ? JSON : TEXT;
    }

    /** {@code 2026-12-02T07:15:03.123Z}: always three fraction digits, so lines sort and align. */
    public static String time(Instant time) {
        return UTC_MILLIS.format(time);
    }

    /** @param time null: a text line without its time ({@code watchdog.log.time=off}); JSON then takes the current time */
    public String line(Instant time, String level, String component, String message, Throwable error) {
        String text = error == null ? message : message + ": " + error;
        if (this == JSON) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", time(time == null ? Instant.now() : time));
            event.put("level", level);
            event.put("component", component);
            event.put("message", text);
            return Json.write(event);
        }
        String oneLine = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
        return (time == null ? "" : time(time) + " ") + "watchdog " + level + " " + component + " " + oneLine;
    }
}
