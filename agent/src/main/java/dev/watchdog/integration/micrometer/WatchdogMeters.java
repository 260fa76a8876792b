package dev.watchdog.integration.micrometer;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.integrations.IntegrationSupport;
import dev.watchdog.agent.status.FileStatus;
import dev.watchdog.agent.status.ResourceStatus;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The agent's metrics as Micrometer meters, named so that Prometheus renders the names of the agent's own
 * {@code /metrics} ({@code watchdog.breaker.open} -> {@code watchdog_breaker_open}, counters get {@code _total}, the
 * check timer {@code watchdog_check_duration_seconds_count/_sum}). Targets, hosts and files come and go (reloads,
 * discovery): on every change the agent reports, meters of new ones are registered and those of gone ones removed.
 * Each meter reads the agent's status when it is read (a snapshot at most 250 ms old).
 */
final class WatchdogMeters implements MeterBinder {

    private static final long SNAPSHOT_NANOS = 250_000_000L;
    /** One per application loader (this class is defined once per loader): Spring's bean and the global binding share it. */
    private static WatchdogMeters instance;

    private final IntegrationSupport support;
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** registry -> meters this binder registered there, by key (kind + label) */
    private final Map<MeterRegistry, Map<String, Meter>> registered = new HashMap<>();
    private volatile Snapshot snapshot = new Snapshot(0, List.of(), List.of(), ResourceStatus.UNKNOWN, List.of());

    private WatchdogMeters(IntegrationSupport support) {
        this.support = support;
    }

    static synchronized WatchdogMeters of(IntegrationSupport support) {
        if (instance == null) {
            instance = new WatchdogMeters(support);
            support.onChange((target, health) -> instance.sync());
        }
        return instance;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (registries.stream().noneMatch(r -> r == registry)) {
            registries.add(registry);
            registered.put(registry, new HashMap<>());
        }
        sync();
    }

    /** Registers the meters of what exists now, removes those of what is gone, in every registry bound. */
    synchronized void sync() {
        Snapshot s = read(true);
        for (MeterRegistry registry : registries) {
            Map<String, Meter> mine = registered.get(registry);
            Map<String, Meter> wanted = new HashMap<>();
            for (BreakerView b : s.breakers) {
                String host = b.host();
                keep(mine, wanted, "open " + host, () -> gauge(registry, "watchdog.breaker.open", "host", host,
                        "1 while calls to the host fail fast (open or forced open), else 0", m -> m.breaker(host, BreakerView::open)));
                keep(mine, wanted, "forced " + host, () -> gauge(registry, "watchdog.breaker.forced", "host", host,
                        "1 while an operator forces the breaker open or closed, else 0", m -> m.breaker(host, BreakerView::forced)));
                keep(mine, wanted, "rejected " + host, () -> FunctionCounter.builder("watchdog.breaker.rejected.calls", this,
                                m -> m.read(false).breakers.stream().filter(v -> v.host().equals(host))
                                        .mapToDouble(BreakerView::rejectedCalls).findFirst().orElse(Double.NaN))
                        .tag("host", host).description("calls to the host failed fast by the agent").register(registry));
            }
            for (TargetStatus t : s.targets) {
                String name = t.name();
                keep(mine, wanted, "up " + name, () -> gauge(registry, "watchdog.target.up", "target", name,
                        "1 when the target's last verdict is UP, 0 when DOWN or not yet known", m -> m.target(name, v -> v.up() ? 1 : 0)));
                keep(mine, wanted, "failures " + name, () -> gauge(registry, "watchdog.target.consecutive.failures", "target", name,
                        "failed checks in a row", m -> m.target(name, TargetStatus::consecutiveFailures)));
                keep(mine, wanted, "checks " + name, () -> FunctionTimer.builder("watchdog.check.duration", this,
                                m -> (long) m.target(name, TargetStatus::checks), m -> m.target(name, TargetStatus::checkSeconds),
                                TimeUnit.SECONDS)
                        .tag("target", name).description("duration of the target's health checks").register(registry));
                keep(mine, wanted, "skipped " + name, () -> FunctionCounter.builder("watchdog.target.probes.skipped", this,
                                m -> m.target(name, TargetStatus::probesSkipped))
                        .tag("target", name).description("scheduled checks skipped because the application's own calls "
                                + "to the target's hosts succeeded").register(registry));
                keep(mine, wanted, "last " + name, () -> Gauge.builder("watchdog.check.last.duration", this,
                                m -> m.target(name, v -> v.lastLatency() == null ? Double.NaN : v.lastLatency().toNanos() / 1e9))
                        .tag("target", name).baseUnit("seconds").description("duration of the target's last health check")
                        .strongReference(true).register(registry));
            }
            keep(mine, wanted, "cpu", () -> Gauge.builder("watchdog.resource.cpu.ratio", this, m -> m.read(false).resources.cpuRatio())
                    .description("CPU in use, 0 to 1").strongReference(true).register(registry));
            keep(mine, wanted, "memory", () -> Gauge.builder("watchdog.resource.memory.ratio", this,
                    m -> m.read(false).resources.memoryRatio()).description("memory in use, 0 to 1").strongReference(true).register(registry));
            for (FileStatus f : s.files) {
                String path = f.path();
                keep(mine, wanted, "changes " + path, () -> FunctionCounter.builder("watchdog.file.changes", this,
                                m -> m.file(path, FileStatus::changes))
                        .tag("path", path).description("changes seen to the watched file since the agent started").register(registry));
                keep(mine, wanted, "missing " + path, () -> gauge(registry, "watchdog.file.missing", "path", path,
                        "1 while the watched file is missing", m -> m.file(path, v -> v.missing() ? 1 : 0)));
            }
            for (Map.Entry<String, Meter> e : mine.entrySet()) {
                if (!wanted.containsKey(e.getKey())) {
                    registry.remove(e.getValue());
                }
            }
            mine.clear();
            mine.putAll(wanted);
        }
    }

    private static void keep(Map<String, Meter> mine, Map<String, Meter> wanted, String key, java.util.function.Supplier<Meter> create) {
        Meter m = mine.get(key);
        wanted.put(key, m != null ? m : create.get());
    }

    private Meter gauge(MeterRegistry registry, String name, String label, String value, String help,
                        ToDoubleFunction<WatchdogMeters> read) {
        return Gauge.builder(name, this, read).tag(label, value).description(help).strongReference(true).register(registry);
    }

    private double breaker(String host, java.util.function.Predicate<BreakerView> test) {
        return read(false).breakers.stream().filter(b -> b.host().equals(host)).findFirst().map(b -> test.test(b) ? 1.0 : 0.0)
                .orElse(Double.NaN);
    }

    private double target(String name, ToDoubleFunction<TargetStatus> value) {
        return read(false).targets.stream().filter(t -> t.name().equals(name)).mapToDouble(value).findFirst().orElse(Double.NaN);
    }

    private double file(String path, ToDoubleFunction<FileStatus> value) {
        return read(false).files.stream().filter(f -> f.path().equals(path)).mapToDouble(value).findFirst().orElse(Double.NaN);
    }

    /** The agent's status, read again when older than 250 ms (or when asked to). */
    private Snapshot read(boolean fresh) {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        StatusSource source = support.status();
        if (source != null && (fresh || now - s.at > SNAPSHOT_NANOS)) {
            s = new Snapshot(now, source.breakers(), source.targets(), source.resources(), source.files());
            snapshot = s;
        }
        return s;
    }

    private record Snapshot(long at, List<BreakerView> breakers, List<TargetStatus> targets, ResourceStatus resources,
                            List<FileStatus> files) {
    }
}
