package dev.watchdog.agent.log;

import dev.watchdog.agent.status.http.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One log event as one line: {@code text} ({@code <time> watchdog <LEVEL> <component> <message>}) or
 * {@code json} ({@code {"time":..,"level":..,"component":..,"message":..}}). A message's own line
 * breaks never split an event: text shows them as {@code \n}, JSON escapes them.
 */
public enum LogFormat {
    TEXT, JSON;

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** {@code text} or {@code json}; anything else is text (the validator has refused it already). */
    public static LogFormat of(String name) {
        return "json".equalsIgnoreCase(name == null ? "" : name.strip()) ? JSON : TEXT;
    }

    /** @param time null: no time (the console's text lines, as before) */
    public String line(Instant time, String level, String component, String message, Throwable error) {
        String text = error == null ? message : message + ": " + error;
        if (this == JSON) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", (time == null ? Instant.now() : time).toString());
            event.put("level", level);
            event.put("component", component);
            event.put("message", text);
            return Json.write(event);
        }
        String oneLine = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
        return (time == null ? "" : LOCAL_TIME.format(time) + " ") + "watchdog " + level + " " + component + " " + oneLine;
    }
}
