package dev.watchdog.agent.health;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.agent.gate.GateAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.tinylog.TaggedLogger;

/**
 * Polls every target on its interval. One scheduler thread keeps time and applies verdicts; worker
 * threads run the checks themselves, so a slow target never delays the others. Each target has at
 * most one check in flight (see {@link TargetMonitor}), so workers never outnumber the targets, and
 * idle ones end after 30 s. Targets whose checks are identical ({@link ProbeKey}) share one probe
 * ({@link SharedProbe}): a thousand targets on four {@code host:port}s cost about four probes per interval.
 *
 * <p>Targets come from the configuration ({@link #update}), from the application's code (the Java API,
 * {@link #addCode}: kept across reloads) and, when discovery is on, from the hosts the application is seen calling
 * ({@link #discover}).
 */
public final class HealthPinger implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("health");

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor workers;
    private final HealthListener listener;
    /** name -> monitor; configured targets by their name, discovered ones by their host key. */
    private final ConcurrentHashMap<String, TargetMonitor> monitors = new ConcurrentHashMap<>();
    /** Targets that check the same thing the same way share one probe (guarded by this). */
    private final Map<ProbeKey, SharedProbe> probes = new HashMap<>();

    private volatile int jitterPercent;
    private volatile String discoverMode;
    private volatile boolean discoverEnabled;
    private volatile int discoverMax;
    /** The settings a discovered target inherits: the global interval, timeout and thresholds. */
    private volatile AgentConfig globals;
    /** Host keys guarded by configured targets: never discovered again. */
    private volatile Set<String> configuredHosts = Set.of();
    private final AtomicInteger discoveredCount = new AtomicInteger();
    /** Rejected and failed calls ask for a check of their host's targets at most this often (see {@link #hurry}). */
    static final long HURRY_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private final ConcurrentHashMap<String, AtomicLong> hurriedAt = new ConcurrentHashMap<>();
    private volatile boolean discoverLimitReported;
    private volatile boolean started;
    /** Who probes each target: this JVM, or (fleet mode) the members chosen for it. */
    private volatile ProbeDuty duty = ProbeDuty.SOLO;
    /** The configuration's targets, as last given to {@link #update} (guarded by this). */
    private List<TargetConfig> configured = List.of();
    /** Targets registered in code, by name, with their checks (guarded by this). */
    private final Map<String, CodeTarget> inCode = new LinkedHashMap<>();

    /** @param settings the target under the global settings in force (it follows their reloads) */
    private record CodeTarget(Function<AgentConfig, TargetConfig> settings, CodeCheck check) {
    }

    public HealthPinger(AgentConfig config, HealthListener listener) {
        this.listener = listener;
        scheduler = new ScheduledThreadPoolExecutor(1, threads("watchdog-health"));
        scheduler.setRemoveOnCancelPolicy(true);
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("watchdog-check"));
        reconfigure(config);
    }

    /** First check of every target now (no jitter), so breakers reflect reality within one timeout. */
    public synchronized void start() {
        started = true;
        monitors.values().forEach(TargetMonitor::start);
    }

    /** Applies a new configuration's health settings, then its targets (see {@link #update}). */
    public synchronized void reconfigure(AgentConfig config) {
        globals = config;
        jitterPercent = config.jitterPercent();
        discoverMode = config.discover();
        discoverMax = config.discoverMax();
        update(config.targets());
    }

    /**
     * Makes the configured targets these: new ones start checking, removed ones stop and are reported
     * to {@link HealthListener#removed}, changed ones restart with their new settings (keeping their
     * verdict when they still check the same thing), unchanged ones go on untouched.
     */
    public synchronized void update(List<TargetConfig> targets) {
        configured = List.copyOf(targets);
        apply();
    }

    /**
     * A target checked by the application's own code (the Java API), kept across reloads until {@link #removeCode}.
     * @param settings the target's settings under the global ones in force, of kind {@link CheckKind#CODE}
     * @return false when {@code name} is already a target's
     */
    public synchronized boolean addCode(String name, Function<AgentConfig, TargetConfig> settings, Callable<?> check) {
        if (inCode.containsKey(name) || configured.stream().anyMatch(t -> t.name().equals(name))) {
            return false;
        }
        inCode.put(name, new CodeTarget(settings, new CodeCheck(check)));
        apply();
        return true;
    }

    /** Stops a target registered in code and drops its check (and so every reference to the application's code). */
    public synchronized void removeCode(String name) {
        CodeTarget gone = inCode.remove(name);
        if (gone != null) {
            gone.check().clear();
            apply();
        }
    }

    /** The configured targets and those registered in code (a configured target's name wins). */
    private void apply() {
        Map<String, TargetConfig> wanted = new LinkedHashMap<>();
        Set<String> hosts = new HashSet<>();
        for (TargetConfig t : configured) {
            wanted.put(t.name(), t);
            hosts.addAll(t.hosts());
        }
        for (Map.Entry<String, CodeTarget> c : inCode.entrySet()) {
            TargetConfig t = c.getValue().settings().apply(globals);
            if (wanted.putIfAbsent(c.getKey(), t) == null) {
                hosts.addAll(t.hosts());
            } else {
                LOG.warn("target={} is configured now: the check registered in code under that name is not run", c.getKey());
            }
        }
        configuredHosts = Set.copyOf(hosts);
        // discovery's "auto" looks at the configuration only: a check in code covers its own hosts, not every other
        discoverEnabled = "true".equals(discoverMode) || ("auto".equals(discoverMode) && configured.isEmpty());
        GateAccess.control().setDiscovering(discoverEnabled);   // connect-level advice reports hosts only while this is on
        for (TargetMonitor m : List.copyOf(monitors.values())) {
            TargetConfig t = m.target();
            boolean keep = m.discovered() ? discoverEnabled && !hosts.contains(t.name()) : t.equals(wanted.get(t.name()));
            if (!keep && !(wanted.containsKey(t.name()) && t.sameCheck(wanted.get(t.name())))) {
                remove(m);
            }
        }
        for (TargetConfig t : wanted.values()) {
            TargetMonitor old = monitors.get(t.name());
            if (old != null && old.target().equals(t)) {
                continue;
            }
            TargetMonitor fresh = monitor(t, false);
            if (fresh == null) {
                continue;
            }
            if (old != null) {
                replace(old, fresh);
            } else {
                monitors.put(t.name(), fresh);
                if (started) {
                    fresh.start();
                }
            }
        }
        // discovered targets follow the global health settings too
        for (TargetMonitor m : List.copyOf(monitors.values())) {
            TargetConfig now = m.discovered() ? discovered(m.target().name()) : null;
            if (now != null && !now.equals(m.target())) {
                TargetMonitor fresh = monitor(now, true);
                if (fresh != null) {
                    replace(m, fresh);
                }
            }
        }
    }

    /** Same check, new timing or thresholds: the verdict (and so the breaker) carries over. */
    private void replace(TargetMonitor old, TargetMonitor fresh) {
        old.stop();
        release(old);
        fresh.inherit(old);
        monitors.put(fresh.target().name(), fresh);
        if (started) {
            fresh.start();
        }
    }

    /** An implicit tcp:// target for a host key, with the global interval, timeout and thresholds in force. */
    private TargetConfig discovered(String key) {
        AgentConfig g = globals;
        return new TargetConfig(key, CheckKind.TCP, "tcp://" + key, List.of(key), g.healthInterval(),
                g.healthTimeout(), g.unhealthyThreshold(), g.healthyThreshold(), null, null,
                g.unhealthyInterval(), null, null, null, g.maxQuiet());
    }

    /**
     * A host the application was seen calling: checked as an implicit {@code tcp://host:port} target
     * named after its host key, when discovery is on, the host is not already covered, and fewer
     * than {@code watchdog.health.discover.max} hosts were discovered. Thread-safe; a known host costs
     * two map lookups. @return true when this call added a target
     */
    public boolean discover(String hostKey) {
        if (!discoverEnabled || hostKey == null || monitors.containsKey(hostKey) || configuredHosts.contains(hostKey)) {
            return false;
        }
        if (discoveredCount.get() >= discoverMax) {
            reportLimit();
            return false;
        }
        HostPort hp = HostPort.parse(hostKey);
        String key = hp == null ? null : hp.key(-1);
        if (key == null) {
            return false;
        }
        synchronized (this) {
            if (!discoverEnabled || monitors.containsKey(key) || configuredHosts.contains(key)) {
                return false;
            }
            if (discoveredCount.get() >= discoverMax) {
                reportLimit();
                return false;
            }
            TargetConfig t = discovered(key);
            TargetMonitor m = monitor(t, true);
            if (m == null) {
                return false;
            }
            monitors.put(key, m);
            discoveredCount.incrementAndGet();
            LOG.info("target={} discovered from the application's calls; checking tcp://{} every {}",
                    key, key, Durations.format(t.interval()));
            if (started) {
                m.start();
            }
            return true;
        }
    }

    /**
     * A call to {@code hostKey} was rejected or failed to connect (on the application's thread): the targets
     * covering it are checked at once, at most once per {@link #HURRY_GAP_NANOS} per host. Costs a map lookup and a
     * compare-and-set; the targets are looked up on the scheduler thread.
     */
    public void hurry(String hostKey) {
        if (hurriedAt.size() > 1024) {
            hurriedAt.clear();   // bounded: only hosts with open breakers are ever rejected
        }
        AtomicLong last = hurriedAt.computeIfAbsent(hostKey, k -> new AtomicLong(System.nanoTime() - HURRY_GAP_NANOS));
        long now = System.nanoTime();
        long at = last.get();
        if (now - at < HURRY_GAP_NANOS || !last.compareAndSet(at, now)) {
            return;
        }
        try {
            scheduler.execute(() -> monitors.values().forEach(m -> {
                if (m.target().hosts().contains(hostKey)) {
                    m.hurry();
                }
            }));
        } catch (RuntimeException shutDown) {
            // the agent is closing: nothing to check
        }
    }

    /** Fleet mode: from now on a scheduled check runs here only when {@code duty} says so. */
    public void shareDuty(ProbeDuty duty) {
        this.duty = duty == null ? ProbeDuty.SOLO : duty;
    }

    /**
     * The fleet's verdict on a target changed (a quorum of its probers says DOWN, or no longer does): applied on the
     * scheduler thread at once, so every member opens within moments of the quorum. Any thread.
     */
    public void fleetVerdict(String target, boolean down, String detail) {
        try {
            scheduler.execute(() -> {
                TargetMonitor m = monitors.get(target);
                if (m != null) {
                    m.fleet(down, detail);
                }
            });
        } catch (RuntimeException shutDown) {
            // the agent is closing
        }
    }

    /** The names of the targets checked now (configured, in code, discovered). */
    public Set<String> targetNames() {
        return Set.copyOf(monitors.keySet());
    }

    /** Runs a target's check now (JMX {@code recheck}). @throws IllegalArgumentException for an unknown target */
    public String recheck(String target) {
        TargetMonitor m = monitors.get(target);
        if (m == null) {
            throw new IllegalArgumentException("no target named " + target);
        }
        m.recheck();
        return "check of target " + target + " started; its verdict follows in the log and on the MBeans";
    }

    /** The settings a target is checked with now; null for an unknown target. */
    public TargetConfig target(String name) {
        TargetMonitor m = monitors.get(name);
        return m == null ? null : m.target();
    }

    /** Each check's delay is spread by up to this percentage of its interval. */
    public int jitterPercent() {
        return jitterPercent;
    }

    public Health health(String target) {
        TargetMonitor m = monitors.get(target);
        return m == null ? Health.UNKNOWN : m.health();
    }

    /** Every target, sorted by name: for the status surfaces. */
    public List<TargetView> snapshot() {
        List<TargetView> views = new ArrayList<>();
        monitors.values().forEach(m -> views.add(m.view()));
        views.sort(Comparator.comparing(TargetView::name));
        return views;
    }

    /** Threads currently running (or stuck in) checks; idle ones end after 30 s. */
    int checkThreads() {
        return workers.getPoolSize();
    }

    @Override
    public synchronized void close() {
        monitors.values().forEach(TargetMonitor::stop);
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private void remove(TargetMonitor m) {
        m.stop();
        release(m);
        monitors.remove(m.target().name(), m);
        if (m.discovered()) {
            discoveredCount.decrementAndGet();
        }
        try {
            listener.removed(m.target());
        } catch (Throwable e) {
            LOG.error("target={} listener failed on removal: {}", m.target().name(), e.toString());
        }
    }

    /** Under this object's lock (update, discover). */
    private TargetMonitor monitor(TargetConfig t, boolean discovered) {
        ProbeKey key = ProbeKey.of(t);
        SharedProbe probe = probes.get(key);
        if (probe == null) {
            try {
                CodeTarget code = t.kind() == CheckKind.CODE ? inCode.get(t.name()) : null;
                probe = new SharedProbe(code != null ? code.check() : Checks.of(t), t.timeout(), workers);
            } catch (Exception e) {
                LOG.error("target={} cannot be checked: {}", t.name(), e.toString());
                return null;
            }
            probes.put(key, probe);
        }
        probe.acquire();
        return new TargetMonitor(t, probe, scheduler, listener, this::spread, discovered, () -> duty);
    }

    /** Under this object's lock: a probe no target uses any more is dropped. */
    private void release(TargetMonitor m) {
        if (m.probe().release() <= 0) {
            probes.values().remove(m.probe());
        }
    }

    /** Distinct probes in use. */
    synchronized int probeCount() {
        return probes.size();
    }

    /** The delay spread evenly around its nominal value by up to the jitter: interval ± jitter/2. */
    private long spread(long nanos) {
        return spread(nanos, jitterPercent, ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1) */
    static long spread(long nanos, int jitterPercent, double random) {
        return nanos + (long) ((random - 0.5) * (jitterPercent / 100.0) * nanos);
    }

    private void reportLimit() {
        if (!discoverLimitReported) {
            discoverLimitReported = true;
            LOG.warn("discovered {} hosts, the limit (watchdog.health.discover.max); further hosts are not checked",
                    discoverMax);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> new AgentThread(task, prefix + "-" + count.incrementAndGet());
    }
}
