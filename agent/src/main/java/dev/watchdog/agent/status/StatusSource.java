package dev.watchdog.agent.status;

import dev.watchdog.agent.breaker.BreakerView;
import java.util.List;

/**
 * What the status surfaces (JMX, HTTP, CLI) read. Every call returns a fresh, cheap snapshot and
 * never blocks on a check. Implementations adapt the health, resources and files packages.
 */
public interface StatusSource {

    List<BreakerView> breakers();

    /** Sorted by name. */
    List<TargetStatus> targets();

    /** {@link ResourceStatus#UNKNOWN} until resources are watched. */
    ResourceStatus resources();

    List<FileStatus> files();

    AgentInfo agent();

    /** Fleet mode; null while it is off. */
    default FleetStatus fleet() {
        return null;
    }
}
