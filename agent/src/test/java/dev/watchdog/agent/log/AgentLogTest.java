package dev.watchdog.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class AgentLogTest {

    /** H2's own message quotes the cause: inside reason="..." those quotes must not end the field. */
    @Test
    void quotedEscapesQuotesAndBackslashesOnly() {
        String h2 = "Connection is broken: \"java.net.UnknownHostException: db.invalid\" [90067-240]";
        assertEquals("Connection is broken: \\\"java.net.UnknownHostException: db.invalid\\\" [90067-240]",
                AgentLog.quoted(h2));
        assertEquals("C:\\\\data \\\"x\\\"", AgentLog.quoted("C:\\data \"x\""));
        String plain = "Connection refused";
        assertSame(plain, AgentLog.quoted(plain));
        assertNull(AgentLog.quoted(null));
    }
}
