package dev.watchdog.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Await;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.health.TargetView;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {

    @TempDir
    Path dir;

    /** A live reload adds a target, then removes it (its removal reported so its breaker closes); an invalid file changes nothing. */
    @Test
    void liveReloadAddsThenRemovesATarget() throws Exception {
        List<String> removed = new CopyOnWriteArrayList<>();
        HealthListener listener = new HealthListener() {
            @Override
            public void changed(TargetConfig target, Health from, Health to, String reason) {
            }

            @Override
            public void removed(TargetConfig target) {
                removed.add(target.name());
            }
        };
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String common = "watchdog.health.interval=50ms\nwatchdog.files.interval=50ms\n"
                    + "watchdog.target.a.check=tcp://127.0.0.1:" + a.getLocalPort() + "\n";
            Path file = Files.writeString(dir.resolve("watchdog.properties"), common, StandardCharsets.UTF_8);
            Properties sys = new Properties();
            sys.setProperty("user.dir", dir.toString());
            ConfigResult first = ConfigLoader.load(file, null, Map.of(), sys);
            try (HealthPinger pinger = new HealthPinger(first.config(), listener)) {
                pinger.start();
                ConfigReloader reloader = new ConfigReloader(file, null, Map.of(), sys, first.config(), pinger);
                try (ConfigWatcher watcher = reloader.startWatching()) {
                    Await.until("baseline", () -> watcher.snapshot().get(0).hash() != null, watcher::snapshot);

                    replace(file, common + "watchdog.target.b.check=tcp://127.0.0.1:" + b.getLocalPort() + "\n");
                    Await.until("b added and UP", () -> pinger.health("b") == Health.UP, pinger::snapshot);
                    assertEquals(Health.UP, pinger.health("a"));

                    replace(file, common + "watchdog.target.b.check=ftp://nope\n");
                    Await.until("invalid version read", () -> watcher.snapshot().get(0).changes() == 2, watcher::snapshot);
                    Thread.sleep(150);
                    assertEquals(List.of("a", "b"), pinger.snapshot().stream().map(TargetView::name).toList(),
                            "the running configuration stays in force");

                    replace(file, common);
                    Await.until("b removed", () -> removed.contains("b"), pinger::snapshot);
                    assertEquals(List.of("a"), pinger.snapshot().stream().map(TargetView::name).toList());
                    assertEquals(List.of("a"), reloader.running().targets().stream().map(TargetConfig::name).toList());
                }
            }
        }
    }

    /** Written whole (temp file, then rename over): an in-place write can be read half-done (see the report). */
    private void replace(Path file, String content) throws Exception {
        Path tmp = Files.writeString(dir.resolve("next.tmp"), content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The summary splits by the key table; a restart key keeps its running value, and says so again at every reload. */
    @Test
    void summaryNamesWhatIsAppliedAndWhatWaitsForARestart() throws Exception {
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        Path file = Files.writeString(dir.resolve("w.properties"), "watchdog.target.a.check=tcp://h:1\n");
        var before = ConfigLoader.load(file, null, Map.of(), sys).config();
        Files.writeString(file, "watchdog.target.b.check=tcp://h:2\nwatchdog.health.interval=2s\nwatchdog.jdbc.enabled=false\n"
                + "watchdog.log.level=debug\n");
        var after = ConfigLoader.load(file, null, Map.of(), sys).config();
        ConfigChange change = ConfigChange.between(before, after);
        assertEquals("applied: targets added=[b], targets removed=[a], watchdog.health.interval 5s->2s; "
                + "takes effect at restart: watchdog.jdbc.enabled true->false, watchdog.log.level info->debug", change.summary());
        AgentConfig inForce = change.inForce();
        assertEquals(java.time.Duration.ofSeconds(2), inForce.healthInterval());
        assertEquals(List.of("b"), inForce.targets().stream().map(TargetConfig::name).toList());
        assertTrue(inForce.jdbcEnabled(), "the instrumentation chosen at start stays");
        assertEquals("info", inForce.logLevel());
        assertEquals("true", inForce.raw().get("watchdog.jdbc.enabled"));
        // the same text loaded again: another object, equal in every effective value
        Files.writeString(file, "watchdog.target.a.check=tcp://h:1\n");
        var again = ConfigLoader.load(file, null, Map.of(), sys).config();
        assertNotSame(before, again);
        assertEquals("no effective change", ConfigChange.between(before, again).summary());
        assertEquals("takes effect at restart: watchdog.jdbc.enabled true->false, watchdog.log.level info->debug",
                ConfigChange.between(inForce, after).summary(), "the same file again: still waiting");
    }
}
