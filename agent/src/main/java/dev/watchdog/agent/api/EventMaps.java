package dev.watchdog.agent.api;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.files.FileChange;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.resources.Overload;
import dev.watchdog.agent.resources.ResourceSnapshot;
import dev.watchdog.agent.resources.Reading;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The events the bridge carries, as maps of JDK types (keys documented in the API's package {@code dev.watchdog.api};
 * keys are only ever added). Every map has {@code time} (Instant).
 */
final class EventMaps {

    private EventMaps() {
    }

    /** target, healthy, state (UP/DOWN), from, reason, hosts (List of host:port). */
    static Map<String, Object> health(TargetConfig target, Health from, Health to, String reason) {
        Map<String, Object> m = new HashMap<>();
        m.put("target", target.name());
        m.put("healthy", to == Health.UP);
        m.put("state", to.name());
        m.put("from", from.name());
        m.put("reason", reason == null ? "" : reason);
        m.put("hosts", target.hosts());
        return done(m, Instant.now());
    }

    /** started, resource, value, threshold, cpu, memory, heap (percent, NaN unknown), overloads, limitSource. */
    static Map<String, Object> overload(Overload o, ResourceSnapshot s) {
        Map<String, Object> m = new HashMap<>();
        m.put("started", o.started());
        m.put("resource", o.resource());
        m.put("value", o.percent());
        m.put("threshold", o.threshold());
        m.put("cpu", percent(s.cpu()));
        m.put("memory", percent(s.memory()));
        m.put("heap", percent(s.heap()));
        m.put("overloads", s.overloads());
        m.put("limitSource", s.limitSource(o.resource()));
        return done(m, s.time() == null ? Instant.now() : s.time());
    }

    /** path (absolute), sha256 (null when missing, too large or unreadable), oldSha256, kind, size. */
    static Map<String, Object> file(FileChange c) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", c.path().toString());
        m.put("sha256", c.newHash());
        m.put("oldSha256", c.oldHash());
        m.put("kind", c.kind().name());
        m.put("size", c.size());
        return done(m, Instant.now());
    }

    private static Double percent(Reading r) {
        return r == null ? Double.NaN : r.percent();
    }

    private static Map<String, Object> done(Map<String, Object> m, Instant time) {
        m.put("time", time);
        return Collections.unmodifiableMap(m);
    }
}
