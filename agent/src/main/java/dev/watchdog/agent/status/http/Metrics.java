package dev.watchdog.agent.status.http;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.status.FileStatus;
import dev.watchdog.agent.status.FleetStatus;
import dev.watchdog.agent.status.ResourceStatus;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import java.util.List;

/** {@code GET /metrics}: the status as Prometheus metrics. Host, target and path labels only: nothing secret. */
public final class Metrics {

    private Metrics() {
    }

    public static String render(StatusSource source) {
        PrometheusText p = new PrometheusText();
        List<BreakerView> breakers = source.breakers();
        p.family("watchdog_breaker_open", "gauge", "1 while calls to the host fail fast (open or forced open), else 0");
        breakers.forEach(b -> p.sample("watchdog_breaker_open", b.open() ? 1 : 0, "host", b.host()));
        p.family("watchdog_breaker_forced", "gauge", "1 while an operator forces the breaker open or closed, else 0");
        breakers.forEach(b -> p.sample("watchdog_breaker_forced", b.forced() ? 1 : 0, "host", b.host()));
        p.family("watchdog_breaker_rejected_calls_total", "counter", "calls to the host failed fast by the agent");
        breakers.forEach(b -> p.sample("watchdog_breaker_rejected_calls_total", b.rejectedCalls(), "host", b.host()));

        List<TargetStatus> targets = source.targets();
        p.family("watchdog_target_up", "gauge", "1 when the target's last verdict is UP, 0 when DOWN or not yet known");
        targets.forEach(t -> p.sample("watchdog_target_up", t.up() ? 1 : 0, "target", t.name()));
        p.family("watchdog_target_consecutive_failures", "gauge", "failed checks in a row");
        targets.forEach(t -> p.sample("watchdog_target_consecutive_failures", t.consecutiveFailures(), "target", t.name()));
        p.family("watchdog_check_duration_seconds", "summary", "duration of the target's health checks");
        for (TargetStatus t : targets) {
            p.sample("watchdog_check_duration_seconds_sum", t.checkSeconds(), "target", t.name());
            p.sample("watchdog_check_duration_seconds_count", t.checks(), "target", t.name());
        }
        p.family("watchdog_target_probes_skipped_total", "counter",
                "scheduled checks skipped because the application's own calls to the target's hosts succeeded");
        targets.forEach(t -> p.sample("watchdog_target_probes_skipped_total", t.probesSkipped(), "target", t.name()));
        p.family("watchdog_check_last_duration_seconds", "gauge", "duration of the target's last health check");
        targets.stream().filter(t -> t.lastLatency() != null).forEach(t ->
                p.sample("watchdog_check_last_duration_seconds", t.lastLatency().toNanos() / 1e9, "target", t.name()));

        ResourceStatus r = source.resources();
        if (!Double.isNaN(r.cpuRatio())) {
            p.family("watchdog_resource_cpu_ratio", "gauge", "CPU in use, 0 to 1");
            p.sample("watchdog_resource_cpu_ratio", r.cpuRatio());
        }
        if (!Double.isNaN(r.memoryRatio())) {
            p.family("watchdog_resource_memory_ratio", "gauge", "memory in use, 0 to 1");
            p.sample("watchdog_resource_memory_ratio", r.memoryRatio());
        }

        List<FileStatus> files = source.files();
        p.family("watchdog_file_changes_total", "counter", "changes seen to the watched file since the agent started");
        files.forEach(f -> p.sample("watchdog_file_changes_total", f.changes(), "path", f.path()));
        p.family("watchdog_file_missing", "gauge", "1 while the watched file is missing");
        files.forEach(f -> p.sample("watchdog_file_missing", f.missing() ? 1 : 0, "path", f.path()));

        FleetStatus fleet = source.fleet();
        if (fleet != null) {
            fleet(p, fleet);
        }

        p.family("watchdog_agent_info", "gauge", "always 1; the agent's version and mode as labels");
        p.sample("watchdog_agent_info", 1, "version", source.agent().version(), "mode", source.agent().mode());
        return p.toString();
    }

    private static void fleet(PrometheusText p, FleetStatus f) {
        p.family("watchdog_fleet_members", "gauge", "live members of this member's fleet, itself included");
        p.sample("watchdog_fleet_members", f.members().size(), "fleet", f.fleet());
        p.family("watchdog_fleet_redis_up", "gauge", "1 while the fleet's Redis answers within its timeout; 0: this member probes every target itself");
        p.sample("watchdog_fleet_redis_up", f.redisUp() ? 1 : 0, "fleet", f.fleet());
        p.family("watchdog_fleet_prober", "gauge", "1 while this member probes the target for the fleet (or for itself, Redis unavailable)");
        f.targets().forEach(t -> p.sample("watchdog_fleet_prober", t.probedHere() ? 1 : 0, "target", t.name()));
        p.family("watchdog_fleet_target_down", "gauge", "1 while a quorum of the target's probers says DOWN");
        f.targets().forEach(t -> p.sample("watchdog_fleet_target_down", "DOWN".equals(t.fleetVerdict()) ? 1 : 0, "target", t.name()));
        p.family("watchdog_fleet_alone", "gauge", "1 while this member alone cannot reach the target (the fleet says UP)");
        f.targets().forEach(t -> p.sample("watchdog_fleet_alone", t.alone() ? 1 : 0, "target", t.name()));
        p.family("watchdog_fleet_messages_received_total", "counter", "fleet verdict messages received");
        p.sample("watchdog_fleet_messages_received_total", f.messagesReceived(), "fleet", f.fleet());
        p.family("watchdog_fleet_messages_dropped_total", "counter", "fleet messages ignored (unsigned, bad signature, stale, not from a prober)");
        new java.util.TreeMap<>(f.dropped()).forEach((reason, n) -> p.sample("watchdog_fleet_messages_dropped_total", n, "reason", reason));
        p.family("watchdog_fleet_redis_commands_total", "counter", "commands this member sent to the fleet's Redis");
        p.sample("watchdog_fleet_redis_commands_total", f.commandsSent(), "fleet", f.fleet());
        p.family("watchdog_fleet_redis_bytes_total", "counter", "bytes this member exchanged with the fleet's Redis");
        p.sample("watchdog_fleet_redis_bytes_total", f.bytesSent(), "direction", "sent");
        p.sample("watchdog_fleet_redis_bytes_total", f.bytesReceived(), "direction", "received");
    }
}
