package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSettingsTest {

    @TempDir
    Path dir;

    private ConfigResult load(Map<String, String> props) {
        Properties p = new Properties();
        p.setProperty("user.dir", dir.toString());
        p.putAll(props);
        return ConfigLoader.load(null, Map.of(), p);
    }

    @Test
    void defaults() {
        ResourceSettings s = ResourceSettings.of(AgentConfig.defaults());
        assertTrue(s.enabled());
        assertEquals(Duration.ofSeconds(2), s.interval());
        assertEquals(90, s.cpuThreshold());
        assertEquals(95, s.memoryThreshold());
        assertEquals(Optional.empty(), s.heapThreshold());
        assertEquals(2, s.sustain());
        assertEquals("log", s.onOverload());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "watchdog-dumps"), s.dumpDir());
        assertEquals(Duration.ofMinutes(5), s.dumpCooldown());
        assertEquals(5, s.dumpKeep());
    }

    @Test
    void valuesFromSystemProperties() {
        ConfigResult r = load(Map.of("watchdog.resources.cpu-threshold", "80%", "watchdog.resources.heap-threshold", "70",
                "watchdog.resources.on-overload", "Thread-Dump", "watchdog.resources.dump-dir", "/var/dumps",
                "watchdog.resources.interval", "500ms", "watchdog.resources.enabled", "false"));
        assertEquals(0, r.errors().size(), r.errors().toString());
        ResourceSettings s = ResourceSettings.of(r.config());
        assertEquals(80, s.cpuThreshold());
        assertEquals(Optional.of(70), s.heapThreshold());
        assertEquals("thread-dump", s.onOverload());
        assertEquals(Path.of("/var/dumps"), s.dumpDir());
        assertEquals(Duration.ofMillis(500), s.interval());
        assertEquals(false, s.enabled());
    }

    @Test
    void invalidValuesAreConfigErrors() {
        ConfigResult r = load(Map.of("watchdog.resources.cpu-threshold", "150", "watchdog.resources.interval", "100ms",
                "watchdog.resources.on-overload", "reboot"));
        assertNull(r.config());
        String errors = r.errors().toString();
        assertEquals(3, r.errors().size(), errors);
        assertTrue(errors.contains("is out of range; expected a whole number from 1 to 100"), errors);
        assertTrue(errors.contains("shorter than 500ms"), errors);
        assertTrue(errors.contains("thread-dump"), errors);
    }
}
