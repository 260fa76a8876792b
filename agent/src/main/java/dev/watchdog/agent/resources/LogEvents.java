package dev.watchdog.agent.resources;

import dev.watchdog.agent.log.AgentLog;
import java.util.Locale;
import org.tinylog.TaggedLogger;

/** The watcher's lines: one WARN when an overload starts, one INFO when it ends. */
final class LogEvents implements ResourceEvents {

    private static final TaggedLogger LOG = AgentLog.of("resources");

    @Override
    public void overloadStarted(Overload o, ResourceSnapshot s) {
        LOG.warn("overload started resource={} value={} threshold={}% {}", o.resource(), percent(o.percent()), o.threshold(), s);
    }

    @Override
    public void overloadEnded(Overload o, ResourceSnapshot s) {
        LOG.info("overload ended resource={} value={} threshold={}% {}", o.resource(), percent(o.percent()), o.threshold(), s);
    }

    @Override
    public void hostReaderFallback(String reason) {
        LOG.info("oshi/JNA unavailable ({}); host figures come from the JDK's OperatingSystemMXBean", reason);
    }

    @Override
    public void samplingFailed(Throwable e) {
        LOG.warn("sampling failed: {}", e.toString());
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v);
    }
}
