package dev.watchdog.agent.resources;

import dev.watchdog.agent.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The watcher's settings ({@code watchdog.resources.*}).
 *
 * @param heapThreshold empty: heap is reported but never raises an overload
 * @param onOverload    {@code log}, {@code thread-dump} or {@code jfr}
 */
public record ResourceSettings(boolean enabled, Duration interval, int cpuThreshold, int memoryThreshold,
                               Optional<Integer> heapThreshold, int sustain, String onOverload, Path dumpDir,
                               Duration dumpCooldown, int dumpKeep) {

    public static ResourceSettings of(AgentConfig c) {
        String dir = c.resourcesDumpDir();
        return new ResourceSettings(c.resourcesEnabled(), c.resourcesInterval(), c.resourcesCpuThreshold(),
                c.resourcesMemoryThreshold(), c.resourcesHeapThreshold(), c.resourcesSustain(), c.resourcesOnOverload(),
                dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "watchdog-dumps") : Path.of(dir.strip()),
                c.resourcesDumpCooldown(), c.resourcesDumpKeep());
    }
}
