package dev.watchdog.agent.release;

import dev.watchdog.agent.breaker.BreakerListener;
import dev.watchdog.agent.breaker.BreakerState;
import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.LettuceBuffers;
import dev.watchdog.bootstrap.OpenHosts;
import dev.watchdog.bootstrap.PoolUrls;
import dev.watchdog.bootstrap.PoolWaiters;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tinylog.TaggedLogger;

/**
 * Releases the calls already waiting on a host when its breaker opens on evidence (a DOWN target, passive
 * detection; not an operator's forceOpen): every connection of this process to it is shut down
 * ({@link JvmConnections}), so a query blocked on a pooled connection to a blackholed
 * database ends now with its driver's connection error and the pool discards the connection, instead of
 * waiting for a socket timeout that is infinite by default; and the calls waiting in a pool for a
 * connection to it end with the agent's rejection ({@link PoolWaiters}), whenever they began; and so do the
 * commands a Lettuce connection buffered while disconnected from it ({@link LettuceBuffers}), which would
 * otherwise wait their command timeout. Linux only (the connections are
 * found in /proc); elsewhere only the pool waits are ended. Runs on a thread of its own.
 */
public final class WaitingCalls implements BreakerListener {

    private static final TaggedLogger LOG = AgentLog.of("breaker");

    private final Instrumentation inst;
    private final BooleanSupplier enabled;
    /** One thread at most, ended after ten minutes idle. */
    private final ExecutorService releaser = new ThreadPoolExecutor(0, 1, 10, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
            task -> new AgentThread(task, "watchdog-release"));
    private JvmConnections connections;   // on the releaser thread only
    private boolean unavailableReported;

    /** @param enabled read at each opening: {@code watchdog.breaker.release-waiting}, applied live */
    public WaitingCalls(Instrumentation inst, BooleanSupplier enabled) {
        this.inst = inst;
        this.enabled = enabled;
    }

    /**
     * Prepares the release off the critical moment: opens the JDK's socket package and runs the whole path
     * once on a loopback connection of its own, so the first opening pays microseconds, not the first use of
     * the file system, method handles and the JDK's native socket calls.
     */
    public void prepare() {
        if (enabled.getAsBoolean()) {
            releaser.execute(this::rehearse);
        }
    }

    private void rehearse() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            if (ready()) {
                connections.shutDownAllTo(Set.of(loopback), server.getLocalPort());
            }
        } catch (Exception e) {
            LOG.debug("release not rehearsed: {}", e.toString());
        }
    }

    @Override
    public void changed(String host, BreakerState from, BreakerState to, String reason) {
        if (to != BreakerState.OPEN) {
            LettuceBuffers.stopReleasing(host);
        }
        if (to != BreakerState.OPEN || !enabled.getAsBoolean()) {
            return;   // an operator's forceOpen (a drill, maintenance) stops new calls and leaves those under way alone
        }
        String message = OpenHosts.openMessage(host);
        int pooled = message == null ? 0 : PoolWaiters.release(host, message, pool -> Gate.hostsOfJdbcUrl(PoolUrls.of(pool)));
        int buffering = message == null ? 0 : LettuceBuffers.release(host, message);
        long opened = System.nanoTime();
        releaser.execute(() -> {
            int connections = shutDownConnections(host);
            if (connections + pooled + buffering > 0) {
                LOG.info("host={} released the calls waiting on it: {} connection(s) of the application shut down, "
                        + "{} wait(s) in a pool ended, {} Lettuce connection(s) told to end their buffered commands, "
                        + "{} ms after the breaker opened", host, connections, pooled, buffering,
                        (System.nanoTime() - opened) / 1_000_000);
            }
        });
    }

    private int shutDownConnections(String hostKey) {
        HostPort hp = HostPort.parse(hostKey);
        if (hp == null || hp.port() < 0 || !ready()) {
            return 0;
        }
        try {
            return connections.shutDownAllTo(new HashSet<>(Arrays.asList(InetAddress.getAllByName(hp.host()))), hp.port());
        } catch (Exception e) {
            LOG.debug("host={} connections not released: {}", hostKey, e.toString());
            return 0;
        }
    }

    private boolean ready() {
        if (connections != null) {
            return true;
        }
        try {
            connections = JvmConnections.open(inst);
            return true;
        } catch (Throwable e) {
            if (!unavailableReported) {
                unavailableReported = true;
                LOG.info("calls blocked on open connections cannot be released here ({}); calls waiting in a pool still are",
                        e.toString());
            }
            return false;
        }
    }
}
