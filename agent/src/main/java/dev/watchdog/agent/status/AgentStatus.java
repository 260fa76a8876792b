package dev.watchdog.agent.status;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.files.FileView;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.health.TargetView;
import dev.watchdog.agent.health.Transition;
import dev.watchdog.agent.hosts.Secrets;
import dev.watchdog.agent.resources.Reading;
import dev.watchdog.agent.resources.ResourceSnapshot;
import dev.watchdog.agent.resources.ResourceWatcher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The running agent as the status surfaces see it: each part read live from its owner. */
public final class AgentStatus implements StatusSource {

    private final HostBreakers breakers;
    private final HealthPinger pinger;
    private final ConfigReloader reloader;
    /** null when resource watching is off */
    private final ResourceWatcher resources;
    private final String version;
    private final Path configFile;
    private final Instant startedAt = Instant.now();
    /** Fleet mode's status from the targets' views; null while fleet mode is off. */
    private volatile java.util.function.Function<List<TargetView>, FleetStatus> fleet;

    public AgentStatus(HostBreakers breakers, HealthPinger pinger, ConfigReloader reloader,
                       ResourceWatcher resources, String version, Path configFile) {
        this.breakers = breakers;
        this.pinger = pinger;
        this.reloader = reloader;
        this.resources = resources;
        this.version = version;
        this.configFile = configFile;
    }

    @Override
    public List<BreakerView> breakers() {
        return breakers.snapshot();
    }

    @Override
    public List<TargetStatus> targets() {
        return pinger.snapshot().stream().map(AgentStatus::status).toList();
    }

    @Override
    public ResourceStatus resources() {
        ResourceSnapshot r = resources == null ? null : resources.snapshot();
        if (r == null || r.time() == null) {
            return ResourceStatus.UNKNOWN;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("cpu", r.cpu().toString());
        details.put("memory", r.memory().toString());
        details.put("swap", r.swap().toString());
        details.put("processCpu", r.processCpu().toString());
        details.put("heap", r.heap().toString());
        details.put("overloads", String.join(",", r.overloads()));
        return new ResourceStatus(r.time(), ratio(r.cpu()), ratio(r.memory()),
                r.overloaded() ? "OVERLOADED" : "NORMAL", details);
    }

    private static double ratio(Reading reading) {
        return reading.percent() / 100.0;   // NaN stays NaN: unknown
    }

    @Override
    public List<FileStatus> files() {
        return reloader.snapshot().stream()
                .map(f -> new FileStatus(f.path(), f.hash() == null ? "" : f.hash(), f.lastChange(), f.missing(), f.changes()))
                .toList();
    }

    /** Fleet mode runs: its status joins the others. */
    public void fleet(java.util.function.Function<List<TargetView>, FleetStatus> fleet) {
        this.fleet = fleet;
    }

    @Override
    public FleetStatus fleet() {
        var f = fleet;
        return f == null ? null : f.apply(pinger.snapshot());
    }

    @Override
    public AgentInfo agent() {
        String mode = reloader.running().raw().getOrDefault("watchdog.mode", "enforce");
        return new AgentInfo(version, configFile == null ? "" : configFile.toString(), configHash(), mode,
                startedAt, reloader.lastReload(), reloader.lastReloadResult());
    }

    private static TargetStatus status(TargetView t) {
        List<Transition> history = t.transitions();
        String reason = t.health().name().equals("DOWN") && !history.isEmpty()
                ? Secrets.redact(history.get(history.size() - 1).reason()) : "";
        List<String> recent = history.stream()
                .map(x -> x.at() + " " + x.from() + " -> " + x.to() + ": " + Secrets.redact(x.reason()))
                .toList();
        return new TargetStatus(t.name(), t.kind().name(), t.check(), t.hosts(), t.health().name(), t.since(),
                t.lastCheck(), t.lastLatency(), reason, t.consecutiveFailures(), t.consecutiveSuccesses(), recent,
                t.checks(), t.checkSeconds(), t.probesSkipped());
    }

    /** The watcher's SHA-256 of the agent's own file; empty when there is none. */
    private String configHash() {
        return reloader.snapshot().stream()
                .filter(f -> configFile != null && f.path().equals(configFile.toAbsolutePath().normalize().toString()))
                .map(f -> f.hash() == null ? "" : f.hash())
                .findFirst().orElse("");
    }
}
