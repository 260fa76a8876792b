package dev.watchdog.agent.files;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.gate.GateAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.TaggedLogger;

/**
 * Hot-reloads the agent's own properties file: a valid new version's targets and live keys are applied
 * (the key table says which keys are live) and one INFO line names what was applied and what takes
 * effect at restart; an invalid one is rejected with the same errors as at start and the running
 * configuration stays in force.
 */
public final class ConfigReloader implements FileListener, AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("config");

    /** How long a changed config file must stay the same before it is applied. */
    private static final java.time.Duration SETTLE = java.time.Duration.ofMillis(100);

    private final Path configFile;
    private final String agentArgs;
    private final Map<String, String> env;
    private final Properties systemProperties;
    private final HealthPinger pinger;
    /** The other parts of the running agent that take live keys: breakers, resources, the log. */
    private final List<Consumer<AgentConfig>> parts = new CopyOnWriteArrayList<>();
    /** Told of every change of every watched file after the reload (the Java API's listeners). */
    private final List<FileListener> others = new CopyOnWriteArrayList<>();
    /** Files added by the application (the Java API), each with how many registrations hold it (guarded by watchLock). */
    private final Map<Path, Integer> added = new LinkedHashMap<>();
    /**
     * Guards {@link #added} and the watcher's creation; always taken last (the watcher's thread holds the watcher's
     * lock, then this object's in a reload, then this one), so watch() never waits for a reload.
     */
    private final Object watchLock = new Object();
    private volatile ConfigWatcher watcher;
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
        synchronized (watchLock) {
            List<Path> files = files(running);
            if (watcher != null || files.isEmpty()) {
                return watcher;
            }
            watcher = new ConfigWatcher(files, running.filesInterval(), running.filesMaxSize(), this);
            watcher.start();
            return watcher;
        }
    }

    /** {@code part} takes the configuration in force after each reload (live keys new, restart keys as at start). */
    public void applyLiveTo(Consumer<AgentConfig> part) {
        parts.add(part);
    }

    /** The configuration in force: the last one applied, with every restart key still at its value at start. */
    public AgentConfig running() {
        return running;
    }

    @Override
    public boolean announceBaseline(Path path) {
        return !path.equals(configFile);
    }

    /** {@code listener} is told of every change, after the reload it may cause; it must return at once and never throw. */
    public void also(FileListener listener) {
        others.add(listener);
    }

    /**
     * Watches {@code file} besides the configured ones, across reloads, until the returned action runs (once per call).
     * Its baseline is taken at once.
     */
    public Runnable watch(Path file) {
        Path path = file.toAbsolutePath().normalize();
        synchronized (watchLock) {
            added.merge(path, 1, Integer::sum);
        }
        rewatch();
        return () -> {
            synchronized (watchLock) {
                added.computeIfPresent(path, (p, n) -> n > 1 ? n - 1 : null);
            }
            rewatch();
        };
    }

    /** The watch list now, applied on the watcher's thread (serially, the latest list last); the first file starts it. */
    private void rewatch() {
        ConfigWatcher w;
        synchronized (watchLock) {
            w = watcher;
            if (w == null) {
                startWatching();
                return;
            }
        }
        w.onItsThread(() -> {
            AgentConfig now = running;
            w.update(files(now), now.filesInterval(), now.filesMaxSize());
        });
    }

    @Override
    public void changed(FileChange change) {
        if (configFile != null && change.path().equals(configFile)) {
            reloadOn(change);   // throws when applying failed: the watcher delivers the change again
        }
        for (FileListener other : others) {
            try {
                other.changed(change);
            } catch (Throwable e) {
                LOG.warn("a file listener failed on {}: {}", change.path(), e.toString());
            }
        }
    }

    private void reloadOn(FileChange change) {
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

    /**
     * Applies a valid configuration's targets and live keys; keys read at start keep their running value
     * (see {@link ConfigChange}). Throws (and so is retried next cycle) only when applying fails.
     */
    void apply(AgentConfig next) {
        ConfigChange change = ConfigChange.between(running, next);
        AgentConfig inForce = change.inForce();
        pinger.reconfigure(inForce);
        GateAccess.control().setEnforcing(inForce.enforcing());   // watchdog.mode applies live: observe <-> enforce
        if (watcher != null) {
            watcher.update(files(inForce), inForce.filesInterval(), inForce.filesMaxSize());
        }
        parts.forEach(part -> part.accept(inForce));
        running = inForce;
        lastReloadResult = change.summary();
        LOG.info("config reloaded from {}: {}", configFile, lastReloadResult);
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
        synchronized (watchLock) {
            for (Path p : added.keySet()) {
                if (!files.contains(p)) {
                    files.add(p);
                }
            }
        }
        return files;
    }

    /** The watcher of the agent's file and {@code watchdog.files.watch}; null when there is nothing to watch. */
    public ConfigWatcher watcher() {
        return watcher;
    }

    /** Stops watching (the agent's own JVM never does; tests and tools that start one do). */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** For status surfaces: every watched file. */
    public List<FileView> snapshot() {
        return watcher == null ? List.of() : watcher.snapshot();
    }
}
