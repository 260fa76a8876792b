package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void everyDefaultParses() {
        ConfigKeys.GLOBAL.forEach(k -> assertDoesNotThrow(k::defaultParsed, k.name()));
    }

    @Test
    void namesAreUniqueAndUnderPrefix() {
        HashSet<String> names = new HashSet<>();
        ConfigKeys.GLOBAL.forEach(k -> {
            assertTrue(names.add(k.name()), k.name());
            assertTrue(k.name().startsWith(ConfigKeys.PREFIX));
            assertTrue(!k.name().startsWith(ConfigKeys.TARGET_PREFIX));
        });
        HashSet<String> attrs = new HashSet<>();
        ConfigKeys.TARGET_ATTRIBUTES.forEach(a -> assertTrue(attrs.add(a.name()), a.name()));
    }

    @Test
    void lookups() {
        assertSame(ConfigKeys.HEALTH_INTERVAL, ConfigKeys.global("watchdog.health.interval"));
        assertNull(ConfigKeys.global("watchdog.nope"));
        assertSame(ConfigKeys.TARGET_UNHEALTHY, ConfigKeys.attribute("unhealthy-threshold"));
        assertNull(ConfigKeys.attribute("nope"));
        assertEquals("WATCHDOG_HEALTH_UNHEALTHY_THRESHOLD", ConfigKeys.UNHEALTHY_THRESHOLD.envName());
        assertEquals("watchdog.target.db.check", ConfigKeys.CHECK.key("db"));
    }

    @Test
    void defaultsMatchTheReference() {
        AgentConfig d = AgentConfig.defaults();
        assertEquals(Duration.ofSeconds(5), d.healthInterval());
        assertEquals(Duration.ofSeconds(1), d.healthTimeout());
        assertEquals(2, d.unhealthyThreshold());
        assertEquals(1, d.healthyThreshold());
        assertTrue(d.jdbcEnabled());
        assertTrue(d.httpEnabled());
        assertEquals("info", d.logLevel());
        assertEquals("", d.logFile());
        assertEquals(List.of(), d.targets());
        assertEquals("5s", d.raw().get("watchdog.health.interval"));
    }

    @Test
    void describeListsEveryKeyWithDefaultAndDoc() {
        String table = ConfigKeys.describe();
        ConfigKeys.GLOBAL.forEach(k -> assertTrue(table.contains(k.name() + " | " + k.defaultValue() + " | "), k.name()));
        ConfigKeys.TARGET_ATTRIBUTES.forEach(a -> assertTrue(table.contains("watchdog.target.<name>." + a.name()
                + (a == ConfigKeys.HEADER ? ".<NAME>" : "") + " | "), a.name()));
        assertTrue(table.contains("watchdog.target.<name>.check | (required)"));
        assertTrue(table.contains("watchdog.target.<name>.interval | (watchdog.health.interval)"));
        assertEquals(ConfigKeys.GLOBAL.size() + ConfigKeys.TARGET_ATTRIBUTES.size(), table.lines().count());
    }
}
