package dev.watchdog.agent.breaker;

import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.Gate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForcedBreakerTest {

    private final HostBreakers breakers = new HostBreakers();
    private final List<String> events = new CopyOnWriteArrayList<>();

    {
        breakers.setListener((host, from, to, reason) -> events.add(host + " " + from + "->" + to));
    }

    @AfterEach
    void releaseAll() {
        breakers.snapshot().forEach(b -> breakers.release(b.host()));
        breakers.targetUp("db", List.of("db:5432", "[::1]:5432"));
    }

    @Test
    void forcedOpenSurvivesAnUpVerdictUntilReleased() {
        assertEquals("db:5432 CLOSED -> FORCED_OPEN", breakers.forceOpen("DB:5432"));
        assertTrue(OpenHosts.isOpen("db:5432"));
        assertTrue(Gate.rejectHost("db", 5432).contains("forced open by an operator"));

        breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        breakers.targetUp("db", List.of("db:5432"));
        assertTrue(OpenHosts.isOpen("db:5432"), "an UP target does not close a forced-open breaker");
        assertEquals(BreakerState.FORCED_OPEN, breakers.snapshot().get(0).state());

        assertEquals("db:5432 FORCED_OPEN -> CLOSED", breakers.release("db:5432"));
        assertFalse(OpenHosts.isOpen("db:5432"));
        assertEquals(List.of("db:5432 CLOSED->FORCED_OPEN", "db:5432 FORCED_OPEN->CLOSED"), events);
    }

    @Test
    void forcedClosedLetsCallsThroughWhileDownAndReleaseReopens() {
        breakers.targetDown("db", List.of("[::1]:5432"), "Connection refused");
        assertTrue(OpenHosts.isOpen("[::1]:5432"));

        assertEquals("[::1]:5432 OPEN -> FORCED_CLOSED", breakers.forceClosed("[::1]:5432"));
        assertFalse(OpenHosts.isOpen("[::1]:5432"));
        breakers.targetDown("db", List.of("[::1]:5432"), "timed out after 1s");
        assertFalse(OpenHosts.isOpen("[::1]:5432"), "a DOWN verdict does not open a forced-closed breaker");
        BreakerView view = breakers.snapshot().get(0);
        assertEquals("target db is DOWN: timed out after 1s", view.lastFailure());
        assertEquals("", view.reason());

        assertEquals("[::1]:5432 FORCED_CLOSED -> OPEN", breakers.release("[::1]:5432"));
        assertTrue(OpenHosts.isOpen("[::1]:5432"), "released onto what health says: DOWN");
        assertEquals(List.of("[::1]:5432 CLOSED->OPEN", "[::1]:5432 OPEN->FORCED_CLOSED",
                "[::1]:5432 FORCED_CLOSED->OPEN"), events);
    }

    @Test
    void operatorInputIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> breakers.forceOpen("no port"));
        assertTrue(breakers.release("other:1").contains("nothing to release"));
    }
}
