package dev.watchdog.agent.breaker;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.log.AgentLog;
import java.util.List;
import org.tinylog.TaggedLogger;

/** Turns health verdicts into breaker holds, and logs each change as one line. */
public final class BreakerUpdater implements HealthListener {

    private static final TaggedLogger LOG = AgentLog.of("health");

    private final HostBreakers breakers;

    public BreakerUpdater(HostBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public void changed(TargetConfig target, Health from, Health to, String reason) {
        if (to == Health.DOWN) {
            List<String> opened = breakers.targetDown(target.name(), target.hosts(), reason);
            LOG.info("target={} state=DOWN reason=\"{}\" opened={}", target.name(), AgentLog.quoted(reason), opened);
        } else if (to == Health.UP) {
            List<String> closed = breakers.targetUp(target.name(), target.hosts());
            if (from == Health.UNKNOWN) {
                LOG.debug("target={} state=UP (first check)", target.name());
            } else {
                LOG.info("target={} state=UP reason=\"{}\" closed={}", target.name(), AgentLog.quoted(reason), closed);
            }
        }
    }

    /** A removed target releases its holds: its hosts close unless another target holds them. */
    @Override
    public void removed(TargetConfig target) {
        List<String> closed = breakers.targetUp(target.name(), target.hosts());
        if (!closed.isEmpty()) {
            LOG.info("target={} removed closed={}", target.name(), closed);
        }
    }
}
