package dev.watchdog.agent.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.bootstrap.Integrations;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Resilience4j integration as the agent runs it: defined by IntegrationLoader over this test's loader (which has
 * Resilience4j 2.4), told of a registry by the hub, then of the target's verdicts. Named breakers are forced open
 * while DOWN (also one the registry creates meanwhile), closed again when UP, and a breaker the application itself
 * forced is left alone; observe mode forces nothing.
 */
class Resilience4jIntegrationTest {

    private static AgentConfig config(String mode) {
        Properties p = new Properties();
        p.setProperty("watchdog.target.db.check", "tcp://db:5432");
        p.setProperty("watchdog.target.db.resilience4j", "orders,late,own");
        p.setProperty("watchdog.mode", mode);
        return ConfigLoader.load(null, Map.of(), p).config();
    }

    @Test
    void namedBreakersFollowTheTarget() {
        AgentConfig config = config("enforce");
        TargetConfig db = config.targets().get(0);
        IntegrationHub hub = new IntegrationHub(config);
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        CircuitBreaker orders = registry.circuitBreaker("orders");
        CircuitBreaker own = registry.circuitBreaker("own");
        CircuitBreaker other = registry.circuitBreaker("other");
        hub.accept(Integrations.RESILIENCE4J, registry);

        hub.changed(db, Health.UNKNOWN, Health.DOWN, "Connection refused");
        assertEquals(State.FORCED_OPEN, orders.getState());
        assertEquals(State.FORCED_OPEN, own.getState());
        assertEquals(State.CLOSED, other.getState());
        CircuitBreaker late = registry.circuitBreaker("late");   // created while DOWN: forced as it appears
        assertEquals(State.FORCED_OPEN, late.getState());

        hub.changed(db, Health.DOWN, Health.UP, "check passed");
        assertEquals(State.CLOSED, orders.getState());
        assertEquals(State.CLOSED, late.getState());

        own.transitionToForcedOpenState();   // the application's own decision
        hub.changed(db, Health.UP, Health.DOWN, "Connection refused");
        hub.changed(db, Health.DOWN, Health.UP, "check passed");
        assertEquals(State.FORCED_OPEN, own.getState(), "a breaker the agent did not force stays as the application left it");

        hub.changed(db, Health.UP, Health.DOWN, "Connection refused");
        assertEquals(State.FORCED_OPEN, orders.getState());
        hub.reconfigured(config("observe"));
        assertEquals(State.CLOSED, orders.getState(), "observe mode: back to their own state machine");
    }
}
