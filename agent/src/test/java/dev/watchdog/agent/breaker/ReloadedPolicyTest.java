package dev.watchdog.agent.breaker;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.Gate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload's passive settings ({@link HostBreakers#reconfigure}) with real Failsafe breakers: when each breaker takes them. */
class ReloadedPolicyTest {

    private static final String HOST = "reloaded.test:5432";
    private static final String NEW_HOST = "reloaded-new.test:5432";

    private final HostBreakers breakers = new HostBreakers();

    @AfterEach
    void closeGate() {
        GateAccess.control().close(HOST);
        GateAccess.control().close(NEW_HOST);
    }

    private static PassivePolicy threshold(int failures) {
        return new PassivePolicy(failures, Duration.ofSeconds(10), Duration.ofSeconds(30), 1, Duration.ofSeconds(60));
    }

    @Test
    void aClosedBreakerAndANewOneCountByTheNewThresholdAtOnce() {
        breakers.enablePassive(threshold(5));
        breakers.failed(HOST, "Connection refused");
        breakers.reconfigure(threshold(2));
        breakers.failed(HOST, "Connection refused");
        assertEquals("CLOSED", state(HOST), "counting starts over with the new rules");
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state(HOST), "2 failures open it; with the old 5 it would be closed");
        assertTrue(OpenHosts.isOpen(HOST));
        breakers.failed(NEW_HOST, "Connection refused");
        breakers.failed(NEW_HOST, "Connection refused");
        assertEquals("OPEN", state(NEW_HOST), "a breaker created after the reload");
    }

    @Test
    void anOpenBreakerEndsItsCycleByItsRulesAndTakesTheNewOnesWhenItCloses() {
        breakers.enablePassive(threshold(1));
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state(HOST));
        breakers.reconfigure(threshold(3));
        assertEquals(threshold(1), breakers.policy(HOST), "open: the cycle's rules stay");
        assertEquals(threshold(3), breakers.passivePolicy());
        breakers.targetUp("db", List.of(HOST));   // an UP verdict closes a passively opened breaker
        assertEquals("CLOSED", state(HOST));
        assertEquals(threshold(3), breakers.policy(HOST), "re-armed with the reload's rules");
        breakers.failed(HOST, "Connection refused");
        breakers.failed(HOST, "Connection refused");
        assertEquals("CLOSED", state(HOST));
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state(HOST));
    }

    private String state(String host) {
        return breakers.snapshot().stream().filter(v -> v.host().equals(host)).findFirst().orElseThrow().state().name();
    }
}
