package dev.watchdog.agent.resources;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.VirtualMemory;

/**
 * Host figures through oshi. Loading this class loads oshi and JNA's natives: only ever on the
 * watcher's thread. CPU load comes from the ticks between two samples, never from a blocking sleep.
 */
final class OshiHostReader implements HostReader {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private long[] previousTicks;

    OshiHostReader() {
        HardwareAbstractionLayer hal = new SystemInfo().getHardware();
        processor = hal.getProcessor();
        memory = hal.getMemory();
        previousTicks = processor.getSystemCpuLoadTicks();
    }

    @Override
    public String name() {
        return "oshi";
    }

    @Override
    public HostSample sample() {
        // both calls read the same cached ticks (oshi caches them 300 ms): the next delta starts where this one ends
        double load = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        VirtualMemory swap = memory.getVirtualMemory();
        return new HostSample(load, processor.getLogicalProcessorCount(), memory.getTotal(), memory.getAvailable(),
                swap.getSwapTotal(), swap.getSwapUsed());
    }
}
