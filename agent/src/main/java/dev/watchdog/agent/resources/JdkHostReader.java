package dev.watchdog.agent.resources;

import java.lang.management.ManagementFactory;

/**
 * Host figures from the JDK's {@code com.sun.management.OperatingSystemMXBean}: no natives to load,
 * and container-aware for CPU and memory. The fallback when oshi/JNA cannot load. Its free memory
 * is {@code MemFree} on a bare host (page cache counts as used), so memory reads higher than oshi's.
 */
final class JdkHostReader implements HostReader {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public HostSample sample() {
        double load = os.getCpuLoad();
        long swapTotal = os.getTotalSwapSpaceSize();
        return new HostSample(load < 0 ? Double.NaN : load, os.getAvailableProcessors(), os.getTotalMemorySize(),
                os.getFreeMemorySize(), swapTotal, swapTotal - os.getFreeSwapSpaceSize());
    }
}
