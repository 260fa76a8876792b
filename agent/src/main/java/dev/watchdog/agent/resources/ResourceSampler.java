package dev.watchdog.agent.resources;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;

/**
 * Turns one host reading, the cgroup's files and the JVM's own figures into a snapshot, every
 * percentage against the effective limit: the container's when it is smaller than the host.
 * CPU figures are deltas since the previous sample; the first sample only sets the baseline.
 */
final class ResourceSampler {

    private final HostReader host;
    private final Cgroup cgroup;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    private long lastNanos;
    private long lastCgroupCpu;
    private long lastProcessCpu;

    /** @param cgroup null when the process has no readable cgroup */
    ResourceSampler(HostReader host, Cgroup cgroup) {
        this.host = host;
        this.cgroup = cgroup;
        lastNanos = System.nanoTime();
        lastCgroupCpu = cgroup == null ? -1 : cgroup.cpuUsageNanos();
        lastProcessCpu = os.getProcessCpuTime();
    }

    String hostName() {
        return host.name();
    }

    ResourceSnapshot sample() {
        HostSample h = host.sample();
        long now = System.nanoTime();
        long elapsed = Math.max(1, now - lastNanos);
        lastNanos = now;

        double quota = cgroup == null ? Double.NaN : cgroup.cpuLimit();
        boolean containerCpu = !Double.isNaN(quota) && quota < h.cpus();
        double cpus = containerCpu ? quota : h.cpus();

        Reading cpu;
        long cgroupCpu = cgroup == null ? -1 : cgroup.cpuUsageNanos();
        if (containerCpu) {
            cpu = lastCgroupCpu >= 0 && cgroupCpu >= 0
                    ? Reading.ofPercent(clamp(100.0 * (cgroupCpu - lastCgroupCpu) / (elapsed * quota)), cgroup.cpuSource(quota))
                    : Reading.unknown(cgroup.cpuSource(quota) + ", usage unreadable");
        } else {
            cpu = Double.isNaN(h.cpuLoad()) ? Reading.unknown("host, " + host.name())
                    : Reading.ofPercent(clamp(100 * h.cpuLoad()), "host, " + host.name() + ", " + h.cpus() + " cpus");
        }
        lastCgroupCpu = cgroupCpu;

        long processCpu = os.getProcessCpuTime();
        Reading process = processCpu >= 0 && lastProcessCpu >= 0 && cpus > 0
                ? Reading.ofPercent(clamp(100.0 * (processCpu - lastProcessCpu) / (elapsed * cpus)),
                        "process cpu time of " + Reading.cpus(cpus) + " cpus")
                : Reading.unknown("process cpu time unavailable");
        lastProcessCpu = processCpu;

        return new ResourceSnapshot(Instant.now(), cpu, memory(h), swap(h), process, heap(), List.of());
    }

    private Reading memory(HostSample h) {
        long limit = cgroup == null ? -1 : cgroup.memoryLimit();
        if (limit > 0 && (h.memTotal() <= 0 || limit < h.memTotal())) {
            return Reading.ofBytes(cgroup.memoryUsage(), limit, cgroup.memorySource());
        }
        if (h.memTotal() <= 0) {
            return Reading.unknown("host, " + host.name() + ", total unknown");
        }
        return Reading.ofBytes(h.memTotal() - h.memAvailable(), h.memTotal(),
                "host, " + host.name() + ", " + Reading.bytes(h.memTotal()));
    }

    private Reading swap(HostSample h) {
        if (h.swapTotal() <= 0) {
            return Reading.ofPercent(0, "host, " + host.name() + ", no swap");
        }
        return Reading.ofBytes(h.swapUsed(), h.swapTotal(), "host, " + host.name() + ", " + Reading.bytes(h.swapTotal()));
    }

    /** Heap in use right after the last GC of each heap pool, against the max heap; 0 before the first GC. */
    private Reading heap() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        if (max <= 0 || max == Long.MAX_VALUE) {
            return Reading.unknown("jvm heap, no max");
        }
        return Reading.ofBytes(used, max, "jvm heap after GC, max " + Reading.bytes(max));
    }

    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
