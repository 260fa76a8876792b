package dev.watchdog.agent.breaker;

import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.Gate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostBreakersTest {

    private final HostBreakers breakers = new HostBreakers();

    @AfterEach
    void closeAll() {
        breakers.targetUp("db", List.of("db:5432", "replica:5432"));
        breakers.targetUp("primary", List.of("db:5432"));
    }

    @Test
    void aDownTargetOpensEachOfItsHostsInTheGate() {
        assertEquals(List.of("db:5432", "replica:5432"),
                breakers.targetDown("db", List.of("db:5432", "replica:5432"), "Connection refused"));
        assertTrue(OpenHosts.isOpen("db:5432"));
        assertTrue(OpenHosts.isOpen("replica:5432"));
        assertEquals("watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)",
                Gate.rejectHost("db", 5432));
        assertEquals(List.of("db:5432", "replica:5432"), breakers.targetUp("db", List.of("db:5432", "replica:5432")));
        assertFalse(OpenHosts.isOpen("db:5432"));
        assertFalse(Gate.anyOpen());
    }

    @Test
    void aHostStaysOpenUntilEveryTargetHoldingItIsUp() {
        breakers.targetDown("db", List.of("db:5432"), "timed out after 1s");
        assertEquals(List.of(), breakers.targetDown("primary", List.of("db:5432"), "HTTP 503"),
                "already open: not opened twice");
        String message = Gate.rejectHost("db", 5432);
        assertTrue(message.contains("target db is DOWN: timed out after 1s"), message);
        assertTrue(message.contains("target primary is DOWN: HTTP 503"), message);

        assertEquals(List.of(), breakers.targetUp("db", List.of("db:5432")));
        assertTrue(OpenHosts.isOpen("db:5432"), "primary still holds it");
        assertEquals(List.of("db:5432"), breakers.targetUp("primary", List.of("db:5432")));
        assertFalse(OpenHosts.isOpen("db:5432"));
    }

    @Test
    void aHeldBreakerDoesNotHalfOpenByItself() throws Exception {
        breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        Thread.sleep(50);
        assertEquals(BreakerState.OPEN, breakers.snapshot().get(0).state());
        assertTrue(OpenHosts.isOpen("db:5432"));
    }

    @Test
    void rejectionsAreCountedPerHost() {
        breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        breakers.rejected("db:5432");
        breakers.rejected("db:5432");
        breakers.rejected("unknown:1");
        BreakerView view = breakers.snapshot().get(0);
        assertEquals("db:5432", view.host());
        assertEquals(2, view.rejectedCalls());
    }
}
