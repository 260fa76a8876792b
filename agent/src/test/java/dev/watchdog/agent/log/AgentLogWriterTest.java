package dev.watchdog.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.PreciseTimestamp;

class AgentLogWriterTest {

    private static final Instant T = Instant.parse("2026-12-02T07:15:03.123456Z");

    @TempDir
    Path dir;

    @Test
    void textLinesStartWithTheirUtcTimeUnlessTimeIsOff() throws Exception {
        assertEquals(List.of("2026-12-02T07:15:03.123Z watchdog INFO health target=db state=UP"), written("text", null));
        assertEquals(List.of("2026-12-02T07:15:03.123Z watchdog INFO health target=db state=UP"), written("text", "utc"));
        assertEquals(List.of("watchdog INFO health target=db state=UP"), written("text", "off"));
    }

    @Test
    void jsonLinesKeepTheirTimeEvenWhenTimeIsOff() throws Exception {
        assertEquals(List.of("{\"time\":\"2026-12-02T07:15:03.123Z\",\"level\":\"INFO\",\"component\":\"health\","
                + "\"message\":\"target=db state=UP\"}"), written("json", "off"));
    }

    /** A reload's log settings reach the writer tinylog made: the next line has the new format and time. */
    @Test
    void aReloadChangesTheFormatFromTheNextLine() throws Exception {
        Path file = Files.createTempFile(dir, "agent", ".log");
        AgentLogWriter writer = new AgentLogWriter(new HashMap<>(Map.of("file", file.toString(), "format", "text")));
        try {
            writer.write(entry());
            AgentLog.reconfigure(10L * 1024 * 1024, 5, "json", "utc");
            writer.write(entry());
            AgentLog.reconfigure(10L * 1024 * 1024, 5, "text", "off");
            writer.write(entry());
        } finally {
            writer.close();
        }
        assertEquals(List.of("2026-12-02T07:15:03.123Z watchdog INFO health target=db state=UP",
                "{\"time\":\"2026-12-02T07:15:03.123Z\",\"level\":\"INFO\",\"component\":\"health\","
                        + "\"message\":\"target=db state=UP\"}",
                "watchdog INFO health target=db state=UP"), Files.readAllLines(file));
    }

    private static LogEntry entry() {
        return new LogEntry(new PreciseTimestamp(T.getEpochSecond() * 1000, T.getNano()), null, null, null, null, null, -1,
                "health", Level.INFO, "target=db state=UP", null);
    }

    private List<String> written(String format, String time) throws Exception {
        Path file = Files.createTempFile(dir, "agent", ".log");
        Map<String, String> properties = new HashMap<>(Map.of("file", file.toString(), "format", format));
        if (time != null) {
            properties.put("time", time);
        }
        AgentLogWriter writer = new AgentLogWriter(properties);
        try {
            writer.write(entry());
        } finally {
            writer.close();
        }
        return Files.readAllLines(file);
    }
}
