package dev.watchdog.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00.123Z");

    @Test
    void jsonEscapesWhatAMessageMayHold() {
        String line = LogFormat.JSON.line(T, "WARN", "health", "target=db reason=\"a \\ b\"\nnext\tline\u0001", null);
        assertEquals("{\"time\":\"2024-05-01T10:00:00.123Z\",\"level\":\"WARN\",\"component\":\"health\","
                + "\"message\":\"target=db reason=\\\"a \\\\ b\\\"\\nnext\\tline\\u0001\"}", line);
    }

    @Test
    void anErrorJoinsTheMessageOnOneLine() {
        String line = LogFormat.TEXT.line(null, "ERROR", "agent", "failed", new IllegalStateException("two\nlines"));
        assertEquals("watchdog ERROR agent failed: java.lang.IllegalStateException: two\\nlines", line);
    }

    @Test
    void textStartsWithItsUtcTimeInMilliseconds() {
        assertEquals("2024-05-01T10:00:00.123Z watchdog INFO agent started", LogFormat.TEXT.line(T, "INFO", "agent", "started", null));
        // always three digits: no fraction dropped at a whole second, no micro- or nanoseconds
        assertEquals("2024-05-01T10:00:00.000Z", LogFormat.time(Instant.parse("2024-05-01T10:00:00Z")));
        assertEquals("2024-05-01T10:00:00.123Z", LogFormat.time(Instant.parse("2024-05-01T10:00:00.123456789Z")));
    }

    @Test
    void jsonTimeIsUtcInMillisecondsToo() {
        String line = LogFormat.JSON.line(Instant.parse("2024-05-01T10:00:00.000456Z"), "INFO", "agent", "started", null);
        assertTrue(line.startsWith("{\"time\":\"2024-05-01T10:00:00.000Z\","), line);
        assertTrue(LogFormat.JSON.line(null, "INFO", "agent", "started", null)
                .matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",.*"), "json always has its time");
    }

    @Test
    void unknownNamesAreText() {
        assertEquals(LogFormat.JSON, LogFormat.of(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.of(null));
        assertEquals(LogFormat.TEXT, LogFormat.of("xml"));
    }
}
