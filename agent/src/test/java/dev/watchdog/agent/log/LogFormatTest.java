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
    void textInAFileStartsWithItsTime() {
        String line = LogFormat.TEXT.line(T, "INFO", "agent", "started", null);
        assertTrue(line.matches("2024-05-01T\\d\\d:\\d\\d:00\\.123[+-]\\d{4} watchdog INFO agent started"), line);
    }

    @Test
    void unknownNamesAreText() {
        assertEquals(LogFormat.JSON, LogFormat.of(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.of(null));
        assertEquals(LogFormat.TEXT, LogFormat.of("xml"));
    }
}
