package dev.watchdog.agent;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.breaker.PassivePolicy;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigKey;
import dev.watchdog.agent.config.ConfigKeys;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.files.FileView;
import dev.watchdog.agent.health.Await;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.log.AgentLogWriter;
import dev.watchdog.agent.resources.ResourceSettings;
import dev.watchdog.agent.resources.ResourceWatcher;
import dev.watchdog.bootstrap.Gate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.PreciseTimestamp;

/**
 * Walks every global key of the key table through a hot reload of the watched file, with the agent's
 * real parts (pinger, file watcher, breakers, resource watcher, log writer, gate) wired as {@link Agent}
 * wires them: a key the table calls live shows its new value in the part that uses it; a key read at
 * start is reported "takes effect at restart" and its old value stays in force. A new key needs a probe here.
 */
class ReloadEveryKeyTest {

    private static final HealthListener NO_LISTENER = (target, from, to, reason) -> { };

    @TempDir
    Path dir;

    private final AtomicInteger fresh = new AtomicInteger();
    private HealthPinger pinger;
    private HostBreakers breakers;
    private ResourceWatcher resources;
    private AgentLogWriter log;
    private ConfigReloader reloader;
    private Path logFile;
    private Path bigFile;

    /** How to see one key in force: a new value to write, and what the running agent shows with the old and the new one. */
    private record Probe(String newValue, Supplier<Object> observe, Object whenOld, Object whenNew) {
    }

    @Test
    void everyKeyIsAppliedLiveOrReportedForRestartAsTheKeyTableSays() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            logFile = dir.resolve("agent.log");
            bigFile = Files.writeString(dir.resolve("big.txt"), "x".repeat(3000));
            Map<String, String> base = new LinkedHashMap<>();
            base.put("watchdog.target.a.check", "tcp://127.0.0.1:" + target.getLocalPort());
            base.put("watchdog.files.interval", "50ms");
            base.put("watchdog.files.watch", bigFile.toString());
            base.put("watchdog.health.discover", "true");
            base.put("watchdog.breaker.passive", "true");
            base.put("watchdog.log.file", logFile.toString());
            base.put("watchdog.log.max-size", "200");   // every line below rotates: keep shows
            Path file = write(base);
            start(file);
            try {
                Map<ConfigKey<?>, Probe> probes = probes();
                for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
                    Probe probe = probes.get(key);
                    assertNotNull(probe, key.name() + " has no probe: say here how the running agent shows it");
                    walk(file, base, key, probe);
                }
                assertEquals(ConfigKeys.GLOBAL.size(), probes.size(), "a probe for a key the table no longer has");
            } finally {
                stop();
            }
        }
    }

    private void walk(Path file, Map<String, String> base, ConfigKey<?> key, Probe probe) throws Exception {
        String name = key.name();
        assertNotEquals(probe.whenOld(), probe.whenNew(), name + ": the probe cannot tell the values apart");
        assertEquals(probe.whenOld(), probe.observe().get(), name + " before the reload");
        String oldValue = reloader.running().raw().get(name);

        Map<String, String> changed = new LinkedHashMap<>(base);
        changed.put(name, probe.newValue());
        Instant before = reloader.lastReload();
        replace(file, changed);
        String summary = awaitReload(before, name);
        if (key.live()) {
            assertTrue(part(summary, "applied: ").contains(name + " "), name + " is live: " + summary);
            Await.until(name + " applied", () -> Objects.equals(probe.whenNew(), probe.observe().get()), probe.observe());
        } else {
            assertTrue(part(summary, "takes effect at restart: ").contains(name + " " + shown(oldValue) + "->"),
                    name + " waits for a restart: " + summary);
            assertEquals(probe.whenOld(), probe.observe().get(), name + ": the value at start stays in force");
            assertEquals(oldValue, reloader.running().raw().get(name));
        }

        before = reloader.lastReload();
        replace(file, base);
        awaitReload(before, null);
        Await.until(name + " back at its old value", () -> Objects.equals(probe.whenOld(), probe.observe().get()), probe.observe());
    }

    /** One probe per global key: the part of the agent that uses it, read the way that part reads it. */
    private Map<ConfigKey<?>, Probe> probes() {
        Map<ConfigKey<?>, Probe> p = new LinkedHashMap<>();
        p.put(ConfigKeys.HEALTH_INTERVAL, new Probe("3s", () -> pinger.target("a").interval(), Duration.ofSeconds(5),
                Duration.ofSeconds(3)));
        p.put(ConfigKeys.HEALTH_TIMEOUT, new Probe("700ms", () -> pinger.target("a").timeout(), Duration.ofSeconds(1),
                Duration.ofMillis(700)));
        p.put(ConfigKeys.UNHEALTHY_THRESHOLD, new Probe("3", () -> pinger.target("a").unhealthyThreshold(), 2, 3));
        p.put(ConfigKeys.HEALTHY_THRESHOLD, new Probe("2", () -> pinger.target("a").healthyThreshold(), 1, 2));
        p.put(ConfigKeys.HEALTH_UNHEALTHY_INTERVAL, new Probe("400ms", () -> pinger.target("a").unhealthyInterval(),
                Duration.ofMillis(500), Duration.ofMillis(400)));
        p.put(ConfigKeys.HEALTH_JITTER, new Probe("0%", pinger::jitterPercent, 10, 0));
        p.put(ConfigKeys.HEALTH_MAX_QUIET, new Probe("0", () -> pinger.target("a").maxQuiet(), Duration.ofSeconds(60),
                Duration.ZERO));
        // a host never seen before: discovered (checked) or not
        p.put(ConfigKeys.HEALTH_DISCOVER, new Probe("false", () -> pinger.discover(freshHost()), true, false));
        p.put(ConfigKeys.HEALTH_DISCOVER_MAX, new Probe("0", () -> pinger.discover(freshHost()), true, false));
        p.put(ConfigKeys.FILES_WATCH, new Probe(bigFile + "," + dir.resolve("other.txt"),
                () -> reloader.snapshot().stream().anyMatch(f -> f.path().endsWith("other.txt")), false, true));
        p.put(ConfigKeys.FILES_INTERVAL, new Probe("60ms", () -> reloader.watcher().interval(), Duration.ofMillis(50),
                Duration.ofMillis(60)));
        p.put(ConfigKeys.FILES_MAX_SIZE, new Probe("2KB", () -> reloader.snapshot().stream()
                .filter(f -> f.path().equals(bigFile.toString())).anyMatch(FileView::tooLarge), false, true));
        p.put(ConfigKeys.JDBC_ENABLED, new Probe("false", () -> reloader.running().jdbcEnabled(), true, false));
        p.put(ConfigKeys.HTTP_ENABLED, new Probe("false", () -> reloader.running().httpEnabled(), true, false));
        p.put(ConfigKeys.LOG_LEVEL, new Probe("debug", () -> reloader.running().logLevel(), "info", "debug"));
        p.put(ConfigKeys.LOG_FILE, new Probe(dir.resolve("other.log").toString(), () -> {
            String marker = "line " + fresh.incrementAndGet();
            return logLine(marker).contains(marker);
        }, true, false));
        p.put(ConfigKeys.LOG_TIME, new Probe("off", () -> logLine().startsWith("watchdog "), false, true));
        // 200 bytes: each line starts a file of its own; 10MB: lines gather in one
        p.put(ConfigKeys.LOG_MAX_SIZE, new Probe("10MB", () -> {
            logLine();
            logLine();
            return lines(logFile) >= 2;
        }, false, true));
        p.put(ConfigKeys.LOG_KEEP, new Probe("1", () -> {
            for (int i = 0; i < 4; i++) {
                logLine();
            }
            return Files.exists(rotated(2));
        }, true, false));
        p.put(ConfigKeys.LOG_FORMAT, new Probe("json", () -> logLine().startsWith("{\"time\":"), false, true));
        p.put(ConfigKeys.STATUS_PORT, new Probe("9", () -> reloader.running().statusPort(), 0, 9));
        p.put(ConfigKeys.STATUS_BIND, new Probe("0.0.0.0", () -> reloader.running().statusBind(), "127.0.0.1", "0.0.0.0"));
        p.put(ConfigKeys.MODE, new Probe("observe", ReloadEveryKeyTest::enforced, true, false));
        p.put(ConfigKeys.SOCKET_ENABLED, new Probe("false", () -> reloader.running().socketEnabled(), true, false));
        p.put(ConfigKeys.CLIENTS_ENABLED, new Probe("false", () -> reloader.running().clientsEnabled(), true, false));
        // Agent reads it so at every breaker change: () -> reloader.running().releaseWaiting()
        // the Java API's listeners read it from the reloader's running configuration at each call (see ApiService)
        p.put(ConfigKeys.API_LISTENER_BUDGET, new Probe("250ms", () -> reloader.running().apiListenerBudget(),
                Duration.ofSeconds(1), Duration.ofMillis(250)));
        p.put(ConfigKeys.RELEASE_WAITING, new Probe("false", () -> reloader.running().releaseWaiting(), true, false));
        p.put(ConfigKeys.INSTRUMENT_DELAY, new Probe("0", () -> reloader.running().instrumentDelay(), Duration.ofSeconds(2),
                Duration.ZERO));
        p.put(ConfigKeys.RESOURCES_ENABLED, new Probe("false", () -> reloader.running().resourcesEnabled(), true, false));
        // the integrations (IntegrationHub) read them from reloader.running() when a library shows up
        p.put(ConfigKeys.SPRING_ENABLED, new Probe("false", () -> reloader.running().springEnabled(), true, false));
        p.put(ConfigKeys.SPRING_READINESS, new Probe("true", () -> reloader.running().springReadiness(), false, true));
        p.put(ConfigKeys.MICROMETER_ENABLED, new Probe("false", () -> reloader.running().micrometerEnabled(), true, false));
        p.put(ConfigKeys.RESILIENCE4J_ENABLED, new Probe("false", () -> reloader.running().resilience4jEnabled(), true, false));
        // fleet mode (FleetMode) reads them once, at start
        p.put(ConfigKeys.FLEET_REDIS, new Probe("redis://127.0.0.1:1/2", () -> reloader.running().fleetRedis(), "", "redis://127.0.0.1:1/2"));
        p.put(ConfigKeys.FLEET_NAME, new Probe("orders", () -> reloader.running().fleetName(), "", "orders"));
        p.put(ConfigKeys.FLEET_PROBERS, new Probe("5", () -> reloader.running().fleetProbers(), 3, 5));
        p.put(ConfigKeys.FLEET_SECRET, new Probe("sixteen-characters", () -> reloader.running().fleetSecret(), "", "sixteen-characters"));
        p.put(ConfigKeys.FLEET_TIMEOUT, new Probe("2s", () -> reloader.running().fleetTimeout(), Duration.ofMillis(500), Duration.ofSeconds(2)));
        p.put(ConfigKeys.RESOURCES_INTERVAL, resource("3s", ResourceSettings::interval, Duration.ofSeconds(2),
                Duration.ofSeconds(3)));
        p.put(ConfigKeys.RESOURCES_CPU_THRESHOLD, resource("80", ResourceSettings::cpuThreshold, 90, 80));
        p.put(ConfigKeys.RESOURCES_MEMORY_THRESHOLD, resource("85", ResourceSettings::memoryThreshold, 95, 85));
        p.put(ConfigKeys.RESOURCES_HEAP_THRESHOLD, resource("90", ResourceSettings::heapThreshold, Optional.empty(),
                Optional.of(90)));
        p.put(ConfigKeys.RESOURCES_SUSTAIN, resource("3", ResourceSettings::sustain, 2, 3));
        p.put(ConfigKeys.RESOURCES_ON_OVERLOAD, resource("thread-dump", ResourceSettings::onOverload, "log", "thread-dump"));
        p.put(ConfigKeys.RESOURCES_DUMP_DIR, resource(dir.resolve("dumps").toString(), ResourceSettings::dumpDir,
                Path.of(System.getProperty("java.io.tmpdir"), "watchdog-dumps"), dir.resolve("dumps")));
        p.put(ConfigKeys.RESOURCES_DUMP_COOLDOWN, resource("1m", ResourceSettings::dumpCooldown, Duration.ofMinutes(5),
                Duration.ofMinutes(1)));
        p.put(ConfigKeys.RESOURCES_DUMP_KEEP, resource("2", ResourceSettings::dumpKeep, 5, 2));
        p.put(ConfigKeys.BREAKER_PASSIVE, new Probe("false", () -> breakers.passivePolicy() != null, true, false));
        // a host never seen before fails twice: open by the new threshold, closed by the old 5
        p.put(ConfigKeys.BREAKER_FAILURE_THRESHOLD, new Probe("2", () -> {
            String host = freshHost();
            breakers.failed(host, "Connection refused");
            breakers.failed(host, "Connection refused");
            boolean open = OpenHosts.isOpen(host);
            breakers.forceClosed(host);   // nothing left scheduled to half-open it after the test
            return open;
        }, false, true));
        p.put(ConfigKeys.BREAKER_FAILURE_WINDOW, passive("20s", PassivePolicy::failureWindow, Duration.ofSeconds(10),
                Duration.ofSeconds(20)));
        p.put(ConfigKeys.BREAKER_DELAY, passive("7s", PassivePolicy::delay, Duration.ofSeconds(5), Duration.ofSeconds(7)));
        p.put(ConfigKeys.BREAKER_HALF_OPEN_CALLS, passive("3", PassivePolicy::halfOpenCalls, 1, 3));
        p.put(ConfigKeys.BREAKER_MAX_DELAY, passive("90s", PassivePolicy::maxDelay, Duration.ofSeconds(60),
                Duration.ofSeconds(90)));
        return p;
    }

    private Probe resource(String newValue, java.util.function.Function<ResourceSettings, Object> value, Object old, Object now) {
        return new Probe(newValue, () -> value.apply(resources.settings()), old, now);
    }

    private Probe passive(String newValue, java.util.function.Function<PassivePolicy, Object> value, Object old, Object now) {
        return new Probe(newValue, () -> value.apply(breakers.passivePolicy()), old, now);
    }

    /** The gate rejects a call to an open host (enforce) or lets it through (observe). */
    private static boolean enforced() {
        String host = "mode.reload.test:1";
        GateAccess.control().open(host, "watchdog: circuit open for " + host);
        try {
            return Gate.rejectKey(host) != null;
        } finally {
            GateAccess.control().close(host);
        }
    }

    /** The agent as {@link Agent#start} wires it, minus the instrumentation and status surfaces. */
    private void start(Path file) {
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        AgentConfig config = ConfigLoader.load(file, null, Map.of(), sys).config();
        assertNotNull(config);
        pinger = new HealthPinger(config, NO_LISTENER);
        pinger.start();
        breakers = new HostBreakers();
        breakers.enablePassive(PassivePolicy.of(config));
        resources = new ResourceWatcher(ResourceSettings.of(config), null);
        resources.start();
        try {
            log = new AgentLogWriter(Map.of("file", config.logFile(), "max-size", Long.toString(config.logMaxSize()),
                    "keep", Integer.toString(config.logKeep()), "format", config.logFormat(), "time", config.logTime()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        reloader = ConfigReloader.start(file, null, config, pinger);
        Agent.applyLive(reloader, breakers, resources);
        Await.until("the watcher's baseline", () -> reloader.snapshot().stream().allMatch(f -> f.hash() != null),
                reloader::snapshot);
    }

    private void stop() throws Exception {
        reloader.close();
        pinger.close();
        resources.close();
        log.close();
        GateAccess.control().setEnforcing(true);
    }

    private String freshHost() {
        return "127.0.0.1:" + (1000 + fresh.incrementAndGet());
    }

    private String logLine() {
        return logLine("");
    }

    /** Writes one line through the log writer and returns the log file's last line. */
    private String logLine(String marker) {
        try {
            Instant now = Instant.now();
            log.write(new LogEntry(new PreciseTimestamp(now.toEpochMilli(), now.getNano()), null, null, null, null, null, -1,
                    "config", Level.INFO, "a line of the reload walk, long enough that two of them pass 200 bytes, "
                    + "with some more words " + marker, null));
            List<String> lines = Files.readAllLines(logFile);
            return lines.get(lines.size() - 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Path rotated(int n) {
        return logFile.resolveSibling(logFile.getFileName() + "." + n);
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for a reload after {@code since}; with a key, for the one whose summary names it. @return its summary */
    private String awaitReload(Instant since, String key) {
        Await.until("a reload" + (key == null ? "" : " naming " + key), () -> {
            Instant at = reloader.lastReload();
            return at != null && (since == null || at.isAfter(since))
                    && (key == null || reloader.lastReloadResult().contains(key + " "));
        }, reloader::lastReloadResult);
        return reloader.lastReloadResult();
    }

    /** The {@code applied: ...} or {@code takes effect at restart: ...} part of a summary, or "". */
    private static String part(String summary, String start) {
        for (String part : summary.split("; ")) {
            if (part.startsWith(start)) {
                return part;
            }
        }
        return "";
    }

    private static String shown(String value) {
        return value == null || value.isEmpty() ? "(empty)" : value;
    }

    /** Written whole (temp file, then rename over), as the reloader's own test does. */
    private Path write(Map<String, String> entries) throws Exception {
        Path file = dir.resolve("watchdog.properties");
        replace(file, entries);
        return file;
    }

    private void replace(Path file, Map<String, String> entries) throws Exception {
        String text = entries.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n"));
        Path tmp = Files.writeString(dir.resolve("next.tmp"), text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
