package dev.watchdog.agent.status.jmx;

import java.util.Map;

/** {@code watchdog:type=Resources}: the latest resource snapshot; NaN and UNKNOWN until resources are watched. */
public interface ResourcesMXBean {

    String getTime();

    double getCpuRatio();

    double getMemoryRatio();

    String getState();

    Map<String, String> getDetails();
}
