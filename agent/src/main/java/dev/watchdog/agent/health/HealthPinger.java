package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.TaggedLogger;

/**
 * Polls every target on its interval. One scheduler thread keeps time and applies verdicts; a
 * bounded pool of worker threads runs the checks themselves, so a slow target never delays the
 * others and the thread count does not grow with the number of targets.
 */
public final class HealthPinger implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("health");
    private static final int MAX_WORKERS = 8;

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor workers;
    private final Map<String, TargetMonitor> monitors = new LinkedHashMap<>();

    public HealthPinger(List<TargetConfig> targets, HealthListener listener) {
        scheduler = new ScheduledThreadPoolExecutor(1, threads("watchdog-health"));
        scheduler.setRemoveOnCancelPolicy(true);
        int size = Math.max(1, Math.min(MAX_WORKERS, targets.size()));
        workers = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("watchdog-check"));
        workers.allowCoreThreadTimeOut(true);
        for (TargetConfig target : targets) {
            try {
                monitors.put(target.name(), new TargetMonitor(target, Checks.of(target), scheduler, workers, listener));
            } catch (Exception e) {
                LOG.error("target={} cannot be checked: {}", target.name(), e.toString());
            }
        }
    }

    /** First check of every target now, so breakers reflect reality within one timeout. */
    public void start() {
        monitors.values().forEach(TargetMonitor::start);
    }

    public Health health(String target) {
        TargetMonitor m = monitors.get(target);
        return m == null ? Health.UNKNOWN : m.health();
    }

    @Override
    public void close() {
        monitors.values().forEach(TargetMonitor::stop);
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> new AgentThread(task, prefix + "-" + count.incrementAndGet());
    }
}
