package dev.watchdog.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.files.FileChange;
import dev.watchdog.agent.health.Await;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.resources.Overload;
import dev.watchdog.agent.resources.Reading;
import dev.watchdog.agent.resources.ResourceSnapshot;
import dev.watchdog.api.FileChangeEvent;
import dev.watchdog.api.HealthEvent;
import dev.watchdog.api.OverloadEvent;
import dev.watchdog.api.internal.Events;
import dev.watchdog.bootstrap.ApiBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's contract between this agent and the API jar: the operations answer JDK types (null for what the agent
 * does not know), and the event maps read into the API's records.
 */
class ApiContractTest {

    @TempDir
    Path dir;

    @Test
    void operationsAnswerJdkTypesAndNullForWhatTheAgentDoesNotKnow() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.properties"), String.join("\n", "watchdog.health.interval=50ms",
                "watchdog.health.unhealthy-threshold=1", "watchdog.target.db.check=tcp://127.0.0.1:1"));
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        ConfigResult loaded = ConfigLoader.load(file, null, Map.of(), sys);
        AgentConfig config = loaded.config();
        try (HealthPinger pinger = new HealthPinger(config, (t, f, to, r) -> { });
             Listeners listeners = new Listeners(() -> Duration.ofSeconds(1))) {
            ConfigReloader reloader = new ConfigReloader(file, null, Map.of(), sys, config, pinger);
            ApiHandler handler = new ApiHandler(listeners, pinger, new HostBreakers(), reloader);
            pinger.start();

            assertEquals(ApiBridge.PROTOCOL, handler.apply("protocol", new Object[0]));
            assertNull(handler.apply("anOperationOfANewerApi", new Object[] {"x"}));
            assertNull(handler.apply("onHealth", new Object[] {"not a listener"}));
            assertNull(handler.apply("health", new Object[] {"no-such-target"}));
            assertNull(handler.apply("breaker", new Object[] {"127.0.0.1:1"}), "no breaker yet");
            assertNull(handler.apply("breaker", new Object[] {"not a host"}));
            Await.until("db DOWN", () -> "DOWN".equals(handler.apply("health", new Object[] {"db"})), pinger::snapshot);

            AtomicReference<Boolean> answer = new AtomicReference<>(false);
            Callable<Boolean> check = answer::get;
            Map<String, Object> options = Map.of("interval", Duration.ofMillis(40), "unhealthyThreshold", 1);
            Object registration = handler.apply("registerCheck",
                    new Object[] {"in-code", check, new String[] {"127.0.0.1:2", "not a host"}, options});
            AutoCloseable closer = assertInstanceOf(AutoCloseable.class, registration);
            assertEquals(CheckKind.CODE, pinger.target("in-code").kind());
            assertEquals(List.of("127.0.0.1:2"), pinger.target("in-code").hosts());
            assertEquals(Duration.ofMillis(40), pinger.target("in-code").interval());
            Await.until("in-code DOWN", () -> "DOWN".equals(handler.apply("health", new Object[] {"in-code"})), pinger::snapshot);
            assertNull(handler.apply("registerCheck", new Object[] {"db", check, new String[0], Map.of()}), "a configured name");
            assertNull(handler.apply("registerCheck", new Object[] {"bad name!", check, new String[0], Map.of()}));
            closer.close();
            closer.close();
            assertNull(handler.apply("health", new Object[] {"in-code"}), "closed: gone");
        }
    }

    @Test
    void eventMapsReadIntoTheApisRecords() throws Exception {
        List<Object> heard = new CopyOnWriteArrayList<>();
        TargetConfig db = new TargetConfig("db", CheckKind.TCP, "tcp://db:5432", List.of("db:5432"), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 2, 1, null, null);
        Events.health(heard::add).accept(EventMaps.health(db, Health.UP, Health.DOWN, "Connection refused"));
        HealthEvent h = (HealthEvent) heard.get(0);
        assertEquals("db", h.target());
        assertEquals(false, h.healthy());
        assertEquals("Connection refused", h.reason());
        assertEquals(List.of("db:5432"), h.hosts());

        ResourceSnapshot s = new ResourceSnapshot(Instant.now(), Reading.ofPercent(95, "cgroup v2 cpu.max 2 cpus"),
                Reading.ofBytes(1, 4, "host, oshi, 4 B"), Reading.unknown("x"), Reading.unknown("x"),
                Reading.unknown("jvm heap, no max"), List.of("cpu"));
        Events.overload(heard::add).accept(EventMaps.overload(new Overload("cpu", 90, 95, true), s));
        OverloadEvent o = (OverloadEvent) heard.get(1);
        assertTrue(o.started());
        assertEquals("cpu", o.resource());
        assertEquals(95, o.value());
        assertEquals(90, o.threshold());
        assertEquals(95, o.cpuPercent());
        assertEquals(25, o.memoryPercent());
        assertTrue(Double.isNaN(o.heapPercent()));
        assertEquals(List.of("cpu"), o.overloaded());
        assertEquals(OverloadEvent.LimitSource.CONTAINER, o.limitSource());
        assertEquals(s.time(), o.time());

        Path path = dir.resolve("app.yaml").toAbsolutePath();
        Map<String, Object> change = EventMaps.file(new FileChange(path, FileChange.Kind.CHANGED, "aa", "bb", 3));
        Events.file(heard::add).accept(change);
        FileChangeEvent f = (FileChangeEvent) heard.get(2);
        assertEquals(path, f.path());
        assertEquals("bb", f.sha256());
        assertEquals(FileChangeEvent.Kind.CHANGED, f.kind());

        // a newer agent's kind, or a map without some keys: read as unknown, never a failure
        Map<String, Object> newer = new HashMap<>(change);
        newer.put("kind", "RENAMED");
        newer.remove("sha256");
        Events.file(heard::add).accept(newer);
        assertEquals(FileChangeEvent.Kind.OTHER, ((FileChangeEvent) heard.get(3)).kind());
        Events.overload(heard::add).accept(Map.of());
        assertEquals(OverloadEvent.LimitSource.UNKNOWN, ((OverloadEvent) heard.get(4)).limitSource());
    }
}
