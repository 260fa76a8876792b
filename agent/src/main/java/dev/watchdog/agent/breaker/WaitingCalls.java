package dev.watchdog.agent.breaker;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.OpenConnections;
import dev.watchdog.bootstrap.PoolWaiters;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.tinylog.TaggedLogger;

/**
 * Releases the calls already waiting on a host when its breaker opens: the application's connections
 * to it are closed ({@link OpenConnections}), so a query blocked on a pooled connection to a blackholed
 * database ends now with its driver's connection error, instead of at a socket timeout that is
 * infinite by default; and the calls waiting in a pool for a connection to it are ended ({@link PoolWaiters}).
 * The closing runs on a thread of its own (a TLS close may try to write).
 */
public final class WaitingCalls implements BreakerListener {

    private static final TaggedLogger LOG = AgentLog.of("breaker");

    /** One thread at most, started on the first opening and ended after a minute idle. */
    private final ExecutorService closer = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            task -> new AgentThread(task, "watchdog-release"));

    @Override
    public void changed(String host, String from, String to, String reason) {
        if (!"OPEN".equals(to)) {
            return;   // an operator's forceOpen (a drill, maintenance) stops new calls and leaves those under way alone
        }
        String message = Gate.openMessage(host);
        int pooled = message == null ? 0 : PoolWaiters.release(host, message);
        closer.execute(() -> {
            int closed = OpenConnections.closeAll(host);
            if (closed + pooled > 0) {
                LOG.info("host={} released the calls waiting on it: {} open connection(s) of the application closed, "
                        + "{} wait(s) in a pool ended", host, closed, pooled);
            }
        });
    }
}
