package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The integration keys: defaults, the per-target Resilience4j breaker names, validated like every key. */
class IntegrationKeysTest {

    private static ConfigResult load(String... keyValues) {
        Properties sys = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            sys.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(null, Map.of(), sys);
    }

    @Test
    void defaults() {
        AgentConfig c = load().config();
        assertTrue(c.springEnabled());
        assertFalse(c.springReadiness());
        assertTrue(c.micrometerEnabled());
        assertTrue(c.resilience4jEnabled());
        assertEquals(Map.of(), c.resilience4jBreakers());
    }

    @Test
    void breakerNamesPerTarget() {
        ConfigResult r = load("watchdog.target.db.check", "tcp://db:5432", "watchdog.target.db.resilience4j", " orders , payments,orders",
                "watchdog.target.api.check", "tcp://api:80", "watchdog.spring.readiness", "true", "watchdog.micrometer.enabled", "false");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(Map.of("db", List.of("orders", "payments")), r.config().resilience4jBreakers());
        assertTrue(r.config().springReadiness());
        assertFalse(r.config().micrometerEnabled());
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        ConfigResult r = load("watchdog.target.db.check", "tcp://db:5432", "watchdog.target.db.resilience4j", "orders,,payments",
                "watchdog.resilience4j.enabled", "maybe");
        assertNull(r.config());
        assertEquals(2, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().toString().contains("watchdog.target.db.resilience4j"), r.errors().toString());
        assertTrue(r.errors().toString().contains("watchdog.resilience4j.enabled"), r.errors().toString());
    }
}
