package dev.watchdog.agent.files;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigKey;
import dev.watchdog.agent.config.ConfigKeys;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.breaker.GateAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.tinylog.TaggedLogger;

/**
 * Hot-reloads the agent's own properties file: a valid new version is applied live (targets, health
 * settings, the watch list) and summarized in one INFO line; an invalid one is rejected with the
 * same errors as at start and the running configuration stays in force.
 */
public final class ConfigReloader implements FileListener {

    private static final TaggedLogger LOG = AgentLog.of("config");
    /** Read once at start: tinylog freezes its configuration, the instrumentation is installed once. */
    private static final List<ConfigKey<?>> AT_RESTART = List.of(ConfigKeys.JDBC_ENABLED, ConfigKeys.HTTP_ENABLED,
            ConfigKeys.SOCKET_ENABLED, ConfigKeys.STATUS_PORT, ConfigKeys.STATUS_BIND,
            ConfigKeys.LOG_LEVEL, ConfigKeys.LOG_FILE, ConfigKeys.LOG_TIME);

    /** How long a changed config file must stay the same before it is applied. */
    private static final java.time.Duration SETTLE = java.time.Duration.ofMillis(100);

    private final Path configFile;
    private final String agentArgs;
    private final Map<String, String> env;
    private final Properties systemProperties;
    private final HealthPinger pinger;
    private ConfigWatcher watcher;
    private volatile AgentConfig running;
    private volatile Instant lastReload;
    private volatile String lastReloadResult = "";

    public ConfigReloader(Path configFile, String agentArgs, Map<String, String> env, Properties systemProperties,
                          AgentConfig running, HealthPinger pinger) {
        this.configFile = configFile == null ? null : configFile.toAbsolutePath().normalize();
        this.agentArgs = agentArgs;
        this.env = env;
        this.systemProperties = systemProperties;
        this.running = running;
        this.pinger = pinger;
    }

    /**
     * Watches {@code watchdog.files.watch} and, when there is one, the agent's own file (hot-reloaded).
     * @return the reloader, whose {@link #snapshot()} shows the watched files
     */
    public static ConfigReloader start(Path configFile, String agentArgs, AgentConfig config, HealthPinger pinger) {
        ConfigReloader reloader = new ConfigReloader(configFile, agentArgs, System.getenv(), System.getProperties(),
                config, pinger);
        reloader.startWatching();
        return reloader;
    }

    ConfigWatcher startWatching() {
        List<Path> files = files(running);
        if (files.isEmpty()) {
            return null;
        }
        watcher = new ConfigWatcher(files, running.filesInterval(), running.filesMaxSize(), this);
        watcher.start();
        return watcher;
    }

    public AgentConfig running() {
        return running;
    }

    @Override
    public boolean announceBaseline(Path path) {
        return !path.equals(configFile);
    }

    @Override
    public void changed(FileChange change) {
        if (configFile == null || !change.path().equals(configFile)) {
            return;   // other files are only reported
        }
        if (change.newHash() == null) {
            LOG.warn("config file {} is {}; the running configuration stays in force", configFile,
                    change.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            return;
        }
        if (!settled(change.newHash())) {
            // an in-place write caught half-way: the finished file is a change of its own next cycle
            LOG.debug("config file {} is still being written; read again next cycle", configFile);
            return;
        }
        reload();
    }

    /** The file still holds what the watcher hashed a moment ago: not a write in progress. */
    private boolean settled(String hash) {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return hash.equals(Fingerprint.of(configFile, Long.MAX_VALUE).hash());
    }

    /** An operator's "reload now" (JMX): @return what happened, in one line */
    public synchronized String reloadNow() {
        if (configFile == null) {
            return "no configuration file to reload";
        }
        reload();
        return lastReloadResult;
    }

    private synchronized void reload() {
        lastReload = Instant.now();
        ConfigResult result = ConfigLoader.load(configFile, agentArgs, env, systemProperties);
        for (ConfigProblem warning : result.warnings()) {
            LOG.warn("{}", warning);
        }
        if (result.config() == null) {
            for (ConfigProblem error : result.errors()) {
                LOG.error("{}", error);
            }
            LOG.error("config file {} changed but is invalid ({} error{}); the running configuration stays in force",
                    configFile, result.errors().size(), result.errors().size() == 1 ? "" : "s");
            lastReloadResult = "rejected: " + result.errors().size() + " error(s), first: " + result.errors().get(0);
            return;
        }
        apply(result.config());
    }

    public Instant lastReload() {
        return lastReload;
    }

    public String lastReloadResult() {
        return lastReloadResult;
    }

    /** Applies a valid configuration; throws (and so is retried next cycle) only when applying fails. */
    void apply(AgentConfig next) {
        AgentConfig before = running;
        String summary = summary(before, next);
        pinger.reconfigure(next);
        GateAccess.control().setEnforcing(next.enforcing());   // watchdog.mode applies live: observe <-> enforce
        if (watcher != null) {
            watcher.update(files(next), next.filesInterval(), next.filesMaxSize());
        }
        running = next;
        lastReloadResult = "applied: " + summary;
        LOG.info("config reloaded from {}: {}", configFile, summary);
    }

    /** What changed, in one line: target names and key names with old and new values (never secrets). */
    static String summary(AgentConfig before, AgentConfig next) {
        Map<String, TargetConfig> old = byName(before.targets());
        Map<String, TargetConfig> now = byName(next.targets());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.keySet().forEach(n -> {
            if (!old.containsKey(n)) {
                added.add(n);
            } else if (!old.get(n).equals(now.get(n))) {
                changed.add(n);
            }
        });
        old.keySet().stream().filter(n -> !now.containsKey(n)).forEach(removed::add);
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("targets added=" + added);
        }
        if (!removed.isEmpty()) {
            parts.add("targets removed=" + removed);
        }
        if (!changed.isEmpty()) {
            parts.add("targets changed=" + changed);
        }
        List<String> restart = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            String a = before.raw().get(key.name());
            String b = next.raw().get(key.name());
            if (!Objects.equals(a, b)) {
                String change = key.name() + " " + shown(a) + "->" + shown(b);
                (AT_RESTART.contains(key) ? restart : parts).add(change);
            }
        }
        if (!restart.isEmpty()) {
            parts.add("takes effect at restart: " + String.join(", ", restart));
        }
        return parts.isEmpty() ? "no effective change" : String.join("; ", parts);
    }

    private static String shown(String value) {
        return value == null || value.isEmpty() ? "(empty)" : value;
    }

    private static Map<String, TargetConfig> byName(List<TargetConfig> targets) {
        Map<String, TargetConfig> map = new TreeMap<>();
        targets.forEach(t -> map.put(t.name(), t));
        return map;
    }

    /** The agent's own file first, then the configured ones, relative paths against user.dir. */
    private List<Path> files(AgentConfig config) {
        List<Path> files = new ArrayList<>();
        if (configFile != null) {
            files.add(configFile);
        }
        String dir = systemProperties == null ? null : systemProperties.getProperty("user.dir");
        Path base = dir == null ? Path.of("").toAbsolutePath() : Path.of(dir);
        for (String f : config.filesWatch()) {
            Path p = base.resolve(f).toAbsolutePath().normalize();
            if (!files.contains(p)) {
                files.add(p);
            }
        }
        return files;
    }

    /** For status surfaces: every watched file. */
    public List<FileView> snapshot() {
        return watcher == null ? List.of() : watcher.snapshot();
    }
}
