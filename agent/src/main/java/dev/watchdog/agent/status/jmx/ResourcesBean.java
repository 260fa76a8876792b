package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.StatusSource;
import java.util.Map;
import java.util.TreeMap;

final class ResourcesBean implements ResourcesMXBean {

    private final StatusSource source;

    ResourcesBean(StatusSource source) {
        this.source = source;
    }

    @Override
    public String getTime() {
        return Iso.of(source.resources().at());
    }

    @Override
    public double getCpuRatio() {
        return source.resources().cpuRatio();
    }

    @Override
    public double getMemoryRatio() {
        return source.resources().memoryRatio();
    }

    @Override
    public String getState() {
        return source.resources().state();
    }

    @Override
    public Map<String, String> getDetails() {
        return new TreeMap<>(source.resources().details());
    }
}
