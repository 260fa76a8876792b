package dev.watchdog.integration.spring;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target as a health component, with no Spring type: its status (UP, DOWN or UNKNOWN) and details (reason,
 * lastLatency, since, check (redacted), hosts). Shared by the Boot 3 and Boot 4 contributors.
 */
record TargetHealth(String status, Map<String, Object> details) {

    static final TargetHealth UNKNOWN = new TargetHealth("UNKNOWN", Map.of());

    static List<String> names(StatusSource source) {
        return source == null ? List.of() : source.targets().stream().map(TargetStatus::name).toList();
    }

    /** The target's health now; UNKNOWN when there is no such target (any more). */
    static TargetHealth now(StatusSource source, String name) {
        TargetHealth t = of(source, name);
        return t == null ? UNKNOWN : t;
    }

    static boolean exists(StatusSource source, String name) {
        return of(source, name) != null;
    }

    /** Null when there is no such target (any more). */
    private static TargetHealth of(StatusSource source, String name) {
        if (source == null) {
            return null;
        }
        for (TargetStatus t : source.targets()) {
            if (t.name().equals(name)) {
                Map<String, Object> details = new LinkedHashMap<>();
                if (!t.reason().isEmpty()) {
                    details.put("reason", t.reason());
                }
                if (t.lastLatency() != null) {
                    details.put("lastLatency", Durations.format(t.lastLatency()));
                }
                if (t.since() != null) {
                    details.put("since", t.since().toString());
                }
                details.put("check", t.check());
                details.put("hosts", t.hosts());
                return new TargetHealth(t.health(), details);
            }
        }
        return null;
    }
}
