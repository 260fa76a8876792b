package dev.watchdog.api;

import java.time.Instant;
import java.util.List;

/**
 * An overload of one resource started or ended, with the figures the agent saw then.
 *
 * @param started       true when the overload starts, false when it ends
 * @param resource      {@code cpu}, {@code memory} or {@code heap}
 * @param value         the resource's use that made the change, percent
 * @param threshold     the configured threshold, percent
 * @param cpuPercent    CPU use against the effective limit (container quota or host), NaN when unknown
 * @param memoryPercent memory use against the effective limit (container or host), NaN when unknown
 * @param heapPercent   JVM heap after GC against the max heap, NaN when unknown
 * @param overloaded    the resources overloaded now (after this change)
 * @param limitSource   whose limit the resource's percentage is against
 * @param time          when the figures were sampled
 */
public record OverloadEvent(boolean started, String resource, double value, int threshold, double cpuPercent,
                            double memoryPercent, double heapPercent, List<String> overloaded, LimitSource limitSource,
                            Instant time) {

    /** Whose limit a percentage is against. */
    public enum LimitSource {
        /** the container's cgroup limit (smaller than the host's) */
        CONTAINER,
        /** the host's CPUs or memory */
        HOST,
        /** the JVM's max heap */
        JVM,
        /** not known (an agent of another version) */
        UNKNOWN
    }

    public OverloadEvent {
        overloaded = overloaded == null ? List.of() : List.copyOf(overloaded);
    }
}
