package dev.watchdog.agent.status.http;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.hosts.Secrets;
import dev.watchdog.agent.json.Json;
import dev.watchdog.agent.status.AgentInfo;
import dev.watchdog.agent.status.FileStatus;
import dev.watchdog.agent.status.FleetStatus;
import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.ResourceStatus;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /status} and {@code GET /health} as JSON: the same facts as the MXBeans. Free text
 * (reasons, failures, transitions) passes through {@link Secrets#redact}: a driver's message may
 * quote a URL.
 */
public final class StatusDocument {

    private StatusDocument() {
    }

    public static String status(StatusSource source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        AgentInfo a = source.agent();
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("version", a.version());
        agent.put("configPath", a.configPath());
        agent.put("configHash", a.configHash());
        agent.put("mode", a.mode());
        agent.put("startedAt", Iso.of(a.startedAt()));
        agent.put("lastReload", Iso.of(a.lastReload()));
        agent.put("lastReloadResult", safe(a.lastReloadResult()));
        doc.put("agent", agent);
        doc.put("up", allUp(source.targets()));
        doc.put("breakers", breakers(source.breakers()));
        doc.put("targets", targets(source.targets()));
        doc.put("resources", resources(source.resources()));
        doc.put("files", files(source.files()));
        FleetStatus fleet = source.fleet();
        if (fleet != null) {
            doc.put("fleet", fleet(fleet));
        }
        return Json.write(doc);
    }

    /**
     * {"status":"UP"|"DOWN","targets":{"db":"UP",...}}; in fleet mode also "alone":["db"], the targets this member
     * alone cannot reach while the fleet says UP (the instance that should leave the load balancer).
     */
    public static String health(List<TargetStatus> targets, FleetStatus fleet) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", allUp(targets) ? "UP" : "DOWN");
        Map<String, Object> byName = new TreeMap<>();
        targets.forEach(t -> byName.put(t.name(), t.health()));
        doc.put("targets", byName);
        if (fleet != null) {
            doc.put("alone", fleet.targets().stream().filter(FleetStatus.Target::alone).map(FleetStatus.Target::name).toList());
        }
        return Json.write(doc);
    }

    /** Every target UP (vacuously true without targets). */
    public static boolean allUp(List<TargetStatus> targets) {
        return targets.stream().allMatch(TargetStatus::up);
    }

    private static List<Object> breakers(List<BreakerView> views) {
        List<Object> out = new ArrayList<>();
        for (BreakerView b : views) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", b.host());
            m.put("state", b.state().name());
            m.put("open", b.open());
            m.put("since", Iso.of(b.since()));
            m.put("reason", safe(b.reason()));
            m.put("rejectedCalls", b.rejectedCalls());
            m.put("lastFailure", safe(b.lastFailure()));
            m.put("lastFailureAt", Iso.of(b.lastFailureAt()));
            out.add(m);
        }
        return out;
    }

    private static List<Object> targets(List<TargetStatus> targets) {
        List<Object> out = new ArrayList<>();
        for (TargetStatus t : targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("kind", t.kind());
            m.put("check", Secrets.redact(t.check()));
            m.put("hosts", t.hosts());
            m.put("health", t.health());
            m.put("since", Iso.of(t.since()));
            m.put("lastCheck", Iso.of(t.lastCheck()));
            m.put("lastLatencyMillis", t.lastLatency() == null ? null : t.lastLatency().toNanos() / 1e6);
            m.put("reason", safe(t.reason()));
            m.put("consecutiveFailures", t.consecutiveFailures());
            m.put("consecutiveSuccesses", t.consecutiveSuccesses());
            m.put("recentTransitions", t.recentTransitions().stream().map(StatusDocument::safe).toList());
            m.put("probesSkipped", t.probesSkipped());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> fleet(FleetStatus f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fleet", f.fleet());
        m.put("member", f.member());
        m.put("mode", f.mode());
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("url", Secrets.redact(f.redis()));
        redis.put("state", f.redisUp() ? "UP" : "DOWN");
        redis.put("lastLatencyMillis", f.redisLatency() == null ? null : f.redisLatency().toNanos() / 1e6);
        redis.put("error", safe(f.redisError()));
        redis.put("commandsSent", f.commandsSent());
        redis.put("bytesSent", f.bytesSent());
        redis.put("bytesReceived", f.bytesReceived());
        m.put("redis", redis);
        m.put("members", f.members());
        List<Object> targets = new ArrayList<>();
        for (FleetStatus.Target t : f.targets()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            e.put("probers", t.probers());
            e.put("probedHere", t.probedHere());
            e.put("fleetVerdict", t.fleetVerdict());
            e.put("source", t.source());
            e.put("alone", t.alone());
            targets.add(e);
        }
        m.put("targets", targets);
        m.put("messagesReceived", f.messagesReceived());
        m.put("dropped", new TreeMap<>(f.dropped()));
        return m;
    }

    private static Map<String, Object> resources(ResourceStatus r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Iso.of(r.at()));
        m.put("cpuRatio", r.cpuRatio());
        m.put("memoryRatio", r.memoryRatio());
        m.put("state", r.state());
        m.put("details", new TreeMap<>(r.details()));
        return m;
    }

    private static List<Object> files(List<FileStatus> files) {
        List<Object> out = new ArrayList<>();
        for (FileStatus f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("hash", f.hash());
            m.put("lastChange", Iso.of(f.lastChange()));
            m.put("missing", f.missing());
            m.put("changes", f.changes());
            out.add(m);
        }
        return out;
    }

    private static String safe(String text) {
        return text == null ? "" : Secrets.redact(text);
    }
}
