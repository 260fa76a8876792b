package dev.watchdog.agent.resources;

import java.time.Instant;
import java.util.List;

/**
 * What the {@link ResourceWatcher} saw last: read-only, for the status surfaces (JMX, /metrics).
 *
 * @param time       when it was sampled; null before the first sample
 * @param cpu        CPU use against the effective limit (container quota or host)
 * @param memory     memory use against the effective limit (container limit or host)
 * @param swap       host swap use
 * @param processCpu this JVM's CPU use against the effective CPU limit
 * @param heap       JVM heap after the last GC against the max heap
 * @param overloads  the resources currently overloaded: {@code cpu}, {@code memory}, {@code heap}
 */
public record ResourceSnapshot(Instant time, Reading cpu, Reading memory, Reading swap, Reading processCpu,
                               Reading heap, List<String> overloads) {

    static final ResourceSnapshot NONE = new ResourceSnapshot(null, Reading.unknown("not sampled yet"),
            Reading.unknown("not sampled yet"), Reading.unknown("not sampled yet"), Reading.unknown("not sampled yet"),
            Reading.unknown("not sampled yet"), List.of());

    public ResourceSnapshot {
        overloads = List.copyOf(overloads);
    }

    public boolean overloaded() {
        return !overloads.isEmpty();
    }

    /**
     * Whose limit {@code resource}'s percentage is against: {@code container} (a cgroup limit smaller than the host's),
     * {@code host}, or {@code jvm} for the heap.
     */
    public String limitSource(String resource) {
        Reading r = switch (resource) {
            case "cpu" -> cpu;
            case "memory" -> memory;
            default -> null;
        };
        if (r == null) {
            return "jvm";
        }
        return r.source() != null && r.source().startsWith("cgroup") ? "container" : "host";
    }

    ResourceSnapshot withOverloads(List<String> now) {
        return new ResourceSnapshot(time, cpu, memory, swap, processCpu, heap, now);
    }

    /** One line: {@code cpu=37% (host, oshi) memory=... swap=... process-cpu=... heap=... overloads=[cpu]}. */
    @Override
    public String toString() {
        return "cpu=" + cpu + " memory=" + memory + " swap=" + swap + " process-cpu=" + processCpu + " heap=" + heap
                + " overloads=" + overloads;
    }
}
