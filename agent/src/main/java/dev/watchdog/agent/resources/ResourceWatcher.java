package dev.watchdog.agent.resources;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tinylog.TaggedLogger;

/**
 * Samples CPU, memory, swap, the process's CPU share and the heap after GC on one
 * {@code watchdog-resources} daemon thread, raises and clears overloads ({@link OverloadDetector})
 * and runs the overload action. oshi and JNA are loaded lazily, on that thread, at the first sample;
 * if they cannot load, the JDK's container-aware MXBean takes over and the watcher says so once.
 */
public final class ResourceWatcher implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("resources");

    private volatile ResourceSettings settings;
    private final Instrumentation inst;
    private final HostReader.Factory hostReaders;
    private final Supplier<Cgroup> cgroups;
    private final ResourceEvents events;
    private final Function<ResourceSettings, OverloadAction> actions;
    /** The action and the detector are the watcher thread's: samples and reloads both run there. */
    private OverloadAction action;
    private OverloadDetector detector;
    private final ScheduledThreadPoolExecutor scheduler;
    private ScheduledFuture<?> sampling;
    private final Set<String> failures = new HashSet<>();
    private ResourceSampler sampler;
    private volatile ResourceSnapshot last = ResourceSnapshot.NONE;
    /** Told of each overload's start and end after the log line (the Java API's listeners). */
    private final List<BiConsumer<Overload, ResourceSnapshot>> others =
            new CopyOnWriteArrayList<>();

    /** @param inst lets JNA load without the JDK 24+ native-access warning; may be null */
    public ResourceWatcher(ResourceSettings settings, Instrumentation inst) {
        this(settings, inst, OshiHostReader::new, Cgroup::detect, new LogEvents(), ResourceWatcher::action);
    }

    /** The seams tests use: a host reader factory (that may fail like JNA does), the cgroup, the reporting, the action. */
    ResourceWatcher(ResourceSettings settings, Instrumentation inst, HostReader.Factory hostReaders, Supplier<Cgroup> cgroups,
                    ResourceEvents events, OverloadAction action) {
        this(settings, inst, hostReaders, cgroups, events, s -> action);
    }

    private ResourceWatcher(ResourceSettings settings, Instrumentation inst, HostReader.Factory hostReaders,
                            Supplier<Cgroup> cgroups, ResourceEvents events, Function<ResourceSettings, OverloadAction> actions) {
        this.settings = settings;
        this.inst = inst;
        this.hostReaders = hostReaders;
        this.cgroups = cgroups;
        this.events = events;
        this.actions = actions;
        this.action = actions.apply(settings);
        this.detector = detector(settings);
        scheduler = new ScheduledThreadPoolExecutor(1, task -> new AgentThread(task, "watchdog-resources"));
    }

    /** Starts sampling on the watcher's thread; the first figures come one interval later. */
    public synchronized void start() {
        scheduler.execute(this::open);
        schedule(settings.interval());
    }

    /**
     * A reload's settings, applied on the watcher's thread before its next sample: thresholds and sustain
     * (an ongoing overload goes on and ends by the new threshold), the interval, the action and its dumps.
     * Whether resources are watched at all is decided at start.
     */
    public void reconfigure(ResourceSettings next) {
        try {
            scheduler.execute(() -> apply(next));
        } catch (RuntimeException closed) {
            // the watcher was closed: nothing to apply to
        }
    }

    /** The settings in force. */
    public ResourceSettings settings() {
        return settings;
    }

    /** On the watcher's thread (or a test's, with the watcher not started). */
    void apply(ResourceSettings next) {
        ResourceSettings before = settings;
        detector = detector(next).carryFrom(detector);
        if (!dumps(next).equals(dumps(before))) {
            action = actions.apply(next);   // unchanged, it keeps its cooldown
        }
        settings = next;
        if (!next.interval().equals(before.interval())) {
            reschedule(next.interval());
        }
    }

    private synchronized void reschedule(Duration interval) {
        if (sampling != null) {
            sampling.cancel(false);
            schedule(interval);
        }
    }

    private synchronized void schedule(Duration interval) {
        long ms = interval.toMillis();
        sampling = scheduler.scheduleWithFixedDelay(this::sampleQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    private static OverloadDetector detector(ResourceSettings s) {
        OverloadDetector d = new OverloadDetector(s.sustain())
                .watch("cpu", s.cpuThreshold(), ResourceSnapshot::cpu)
                .watch("memory", s.memoryThreshold(), ResourceSnapshot::memory);
        s.heapThreshold().ifPresent(t -> d.watch("heap", t, ResourceSnapshot::heap));
        return d;
    }

    /** What the overload action is built from. */
    private static List<Object> dumps(ResourceSettings s) {
        return List.of(s.onOverload(), s.dumpDir(), s.dumpCooldown(), s.dumpKeep());
    }

    /** The last sample with the overload state; {@code time} is null before the first one. */
    public ResourceSnapshot snapshot() {
        return last;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Which host reader is in use: {@code oshi} or {@code jdk}; null before the watcher's thread opened it. */
    String hostReader() {
        ResourceSampler s = sampler;
        return s == null ? null : s.hostName();
    }

    /** On the watcher's thread: loads the host reader (oshi, else the JDK's MXBean) and sets the CPU baselines. */
    void open() {
        long started = System.nanoTime();
        HostReader host;
        NativeAccess.Outcome access = NativeAccess.prepare(inst, ResourceWatcher.class.getModule());
        if (access == NativeAccess.Outcome.UNAVAILABLE) {
            // the JVM would warn (or refuse) on JNA's native load: oshi is not worth a line on the application's stderr
            LOG.debug("native access cannot be enabled silently on Java {}; host figures come from the JDK's OperatingSystemMXBean",
                    Runtime.version().feature());
            host = new JdkHostReader();
        } else {
            try {
                host = hostReaders.create();
                host.sample(); // the first use loads the natives: fail here, not at every sample
            } catch (Throwable e) {
                events.hostReaderFallback(e.toString());
                host = new JdkHostReader();
            }
        }
        Cgroup cgroup = null;
        try {
            cgroup = cgroups.get();
        } catch (RuntimeException e) {
            LOG.debug("no cgroup: {}", e.toString());
        }
        sampler = new ResourceSampler(host, cgroup);
        LOG.debug("sampling every {}ms host={} cgroup={} natives={} opened in {}ms", settings.interval().toMillis(), host.name(),
                cgroup == null ? "none" : cgroup.version(), access, (System.nanoTime() - started) / 1_000_000);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (Throwable e) {
            // an exception would cancel the schedule; say each distinct failure once
            if (failures.add(e.getClass().getName() + ":" + e.getMessage())) {
                events.samplingFailed(e);
            }
        }
    }

    /** One sample: read, detect, report changes, act on new overloads. */
    void sample() {
        if (sampler == null) {
            open();
        }
        ResourceSnapshot raw = sampler.sample();
        List<Overload> changes = detector.update(raw);
        ResourceSnapshot s = raw.withOverloads(detector.overloaded());
        last = s;
        for (Overload o : changes) {
            if (o.started()) {
                events.overloadStarted(o, s);
                action.onOverload(o, s);
            } else {
                events.overloadEnded(o, s);
            }
            for (BiConsumer<Overload, ResourceSnapshot> other : others) {
                try {
                    other.accept(o, s);
                } catch (Throwable e) {
                    LOG.warn("an overload listener failed: {}", e.toString());
                }
            }
        }
    }

    /** {@code listener} is told of each overload's start and end, on the watcher's thread: it must return at once. */
    public void also(BiConsumer<Overload, ResourceSnapshot> listener) {
        others.add(listener);
    }

    private static OverloadAction action(ResourceSettings s) {
        DumpDirectory dir = new DumpDirectory(s.dumpDir(), s.dumpCooldown(), s.dumpKeep(), System::nanoTime);
        return switch (s.onOverload()) {
            case "thread-dump" -> new ThreadDumpAction(dir);
            case "jfr" -> new JfrDumpAction(dir);
            default -> OverloadAction.NONE;
        };
    }
}
