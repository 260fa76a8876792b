package dev.watchdog.agent.status;

import java.time.Instant;
import java.util.Map;

/**
 * The latest resource snapshot.
 *
 * @param cpuRatio 0..1, NaN when unknown
 * @param memoryRatio 0..1, NaN when unknown
 * @param state e.g. "NORMAL", "OVERLOADED"; "UNKNOWN" until watched
 * @param details further readings, name -> value as text
 */
public record ResourceStatus(Instant at, double cpuRatio, double memoryRatio, String state, Map<String, String> details) {

    public static final ResourceStatus UNKNOWN = new ResourceStatus(null, Double.NaN, Double.NaN, "UNKNOWN", Map.of());

    public ResourceStatus {
        details = Map.copyOf(details);
    }
}
