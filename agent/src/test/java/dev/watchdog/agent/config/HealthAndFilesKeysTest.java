package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndFilesKeysTest {

    @TempDir
    Path dir;

    private ConfigResult load(String content) throws Exception {
        Path f = Files.writeString(dir.resolve("w.properties"), content);
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        return ConfigLoader.load(f, null, Map.of(), sys);
    }

    @Test
    void defaults() {
        AgentConfig d = AgentConfig.defaults();
        assertEquals(10, d.jitterPercent());
        assertEquals(64, d.discoverMax());
        assertEquals("auto", d.discover());
        assertEquals(10L << 20, d.filesMaxSize());
        assertEquals(Duration.ofSeconds(10), d.filesInterval());
        assertEquals(List.of(), d.filesWatch());
    }

    @Test
    void targetOptionsParse() throws Exception {
        ConfigResult r = load("""
                watchdog.health.unhealthy-interval=30s
                watchdog.health.jitter=25%
                watchdog.files.watch=/app/.env, config.toml
                watchdog.files.max-size=64KB
                watchdog.target.api.check=https://api.example.com/health
                watchdog.target.api.expect-status=200-299,404
                watchdog.target.api.header.Authorization=Bearer abc
                watchdog.target.db.check=jdbc:postgresql://db:5432/app
                watchdog.target.db.query=SELECT 1
                watchdog.target.db.unhealthy-interval=2s
                watchdog.target.cache.check=redis://:pw@cache
                """);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of(), r.warnings());
        AgentConfig c = r.config();
        assertEquals(25, c.jitterPercent());
        assertEquals(List.of("/app/.env", "config.toml"), c.filesWatch());
        assertEquals(64 * 1024, c.filesMaxSize());
        TargetConfig api = c.targets().get(0);
        assertEquals("api", api.name());
        assertTrue(api.expectStatus().accepts(404) && !api.expectStatus().accepts(302));
        assertEquals(Map.of("Authorization", "Bearer abc"), api.headers());
        assertEquals(Duration.ofSeconds(30), api.unhealthyInterval());
        assertFalse(api.toString().contains("abc"), "header values never shown");
        TargetConfig cache = c.targets().get(1);
        assertEquals(CheckKind.REDIS, cache.kind());
        assertEquals(List.of("cache:6379"), cache.hosts());
        TargetConfig db = c.targets().get(2);
        assertEquals("SELECT 1", db.query());
        assertEquals(Duration.ofSeconds(2), db.unhealthyInterval());
    }

    @Test
    void badValuesAreClearErrors() throws Exception {
        ConfigResult r = load("""
                watchdog.health.jitter=150%
                watchdog.files.max-size=lots
                watchdog.target.api.check=http://api/health
                watchdog.target.api.expect-status=200-1000
                """);
        assertEquals(List.of(
                "watchdog.health.jitter (line 1): \"150%\" is out of range; expected a whole number 0..100, like 10%",
                "watchdog.files.max-size (line 2): \"lots\" is not a size; expected a number with unit B, KB, MB or GB, like 10MB",
                "watchdog.target.api.expect-status (line 4): \"200-1000\" has an entry \"200-1000\" that is not a status 100..599 or a range; expected like 200-299,404"),
                r.errors().stream().map(ConfigProblem::toString).toList());
    }

    /** max-quiet: 60 s by default, inherited from the global key, per target overridden (0: off); negative is an error. */
    @Test
    void maxQuietIsInheritedAndPerTarget() throws Exception {
        assertEquals(Duration.ofSeconds(60), AgentConfig.defaults().maxQuiet());
        ConfigResult r = load("""
                watchdog.health.max-quiet=2m
                watchdog.target.db.check=jdbc:postgresql://db:5432/app
                watchdog.target.cache.check=tcp://cache:6379
                watchdog.target.cache.max-quiet=0
                """);
        assertTrue(r.ok(), r.errors().toString());
        AgentConfig c = r.config();
        assertEquals(Duration.ofMinutes(2), c.maxQuiet());
        assertEquals(Duration.ZERO, c.targets().get(0).maxQuiet(), "cache: " + c.targets().get(0));
        assertEquals(Duration.ofMinutes(2), c.targets().get(1).maxQuiet(), "db: " + c.targets().get(1));
        ConfigResult bad = load("watchdog.health.max-quiet=-5s\n");
        assertFalse(bad.ok());
        assertTrue(bad.errors().get(0).toString().startsWith("watchdog.health.max-quiet (line 1): "), bad.errors().toString());
    }

    @Test
    void optionsOfAnotherKindAreWarnedAbout() throws Exception {
        ConfigResult r = load("""
                watchdog.target.t.check=tcp://h:1
                watchdog.target.t.query=SELECT 1
                watchdog.target.t.header.X=1
                """);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of("watchdog.target.t.query (line 2): only used by jdbc checks; ignored",
                        "watchdog.target.t.header.X (line 3): only used by http checks; ignored"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }
}
