package dev.watchdog.agent.status.surfaces;

import dev.watchdog.agent.breaker.BreakerListener;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.status.Operations;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.http.StatusHttpServer;
import dev.watchdog.agent.status.jmx.JmxRegistry;
import dev.watchdog.bootstrap.AgentThread;
import java.lang.management.ManagementFactory;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import org.tinylog.TaggedLogger;

/**
 * Runs the status surfaces on one daemon thread, {@code watchdog-status}: the MBeans (registered
 * there, never on premain, synced on every health change and every {@link #SYNC_SECONDS} s) and,
 * when a port is set, the HTTP endpoint. Breaker and health changes are handed to that thread, so
 * no breaker or check thread ever waits on a JMX listener. A package of its own: it starts both
 * surfaces, which depend on {@code status}, so {@code status} cannot hold it without a cycle.
 */
public final class StatusService implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("status");
    static final long SYNC_SECONDS = 2;

    private final StatusSource source;
    private final Operations operations;
    private final int port;
    private final String bind;
    private final ScheduledThreadPoolExecutor thread;
    private final MBeanServer server;
    private volatile JmxRegistry jmx;
    private volatile StatusHttpServer http;

    /** @param server null: the platform MBean server, looked up on the status thread */
    public StatusService(StatusSource source, Operations operations, int port, String bind, MBeanServer server) {
        this.source = source;
        this.operations = operations;
        this.port = port;
        this.bind = bind;
        this.server = server;
        this.thread = new ScheduledThreadPoolExecutor(1, task -> new AgentThread(task, "watchdog-status"));
        this.thread.setRemoveOnCancelPolicy(true);
    }

    /** Returns at once; the beans and the endpoint start on the status thread. */
    public void start() {
        thread.execute(() -> {
            try {
                JmxRegistry registry = new JmxRegistry(server != null ? server : ManagementFactory.getPlatformMBeanServer(),
                        source, operations);
                registry.start();
                jmx = registry;
                thread.scheduleWithFixedDelay(this::sync, SYNC_SECONDS, SYNC_SECONDS, TimeUnit.SECONDS);
            } catch (Throwable e) {
                LOG.error("JMX beans are not available: {}", e.toString());
            }
            if (port > 0) {
                try {
                    // started from this daemon thread, so the server's dispatcher thread is a daemon too
                    http = StatusHttpServer.start(bind, port, source);
                    LOG.info("endpoint listening on http://{}/ (metrics, status, health)", http.address());
                } catch (Throwable e) {
                    LOG.error("status endpoint not started on {}:{}: {}", bind, port, e.toString());
                }
            }
        });
    }

    /** For {@code HostBreakers.setListener}: hands each change to the status thread. */
    public BreakerListener breakerListener() {
        return (host, from, to, reason) -> {
            try {
                thread.execute(() -> {
                    JmxRegistry registry = jmx;
                    if (registry != null) {
                        registry.breakerChanged(host, from.name(), to.name(), reason);
                    }
                });
            } catch (RejectedExecutionException closed) {
                // shutting down: nobody to tell
            }
        };
    }

    /**
     * A target's health changed (or a target went away): the MBeans catch up on the status thread now,
     * notifying the change, rather than at the next periodic sync. Returns at once.
     */
    public void healthChanged() {
        try {
            thread.execute(() -> {
                if (jmx != null) {
                    sync();
                }
            });
        } catch (RejectedExecutionException closed) {
            // shutting down: nobody to tell
        }
    }

    /** The endpoint's address (host:port), null when it is off or not started yet. */
    public String httpAddress() {
        StatusHttpServer h = http;
        return h == null ? null : h.address();
    }

    private void sync() {
        try {
            jmx.sync();
        } catch (Throwable e) {
            LOG.warn("JMX sync failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            thread.submit(() -> {
                if (http != null) {
                    http.close();
                }
                if (jmx != null) {
                    jmx.stop();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("status shutdown: {}", e.toString());
        }
        thread.shutdownNow();
    }
}
