package dev.watchdog.agent.breaker;

import dev.watchdog.agent.hosts.JdbcUrls;
import dev.watchdog.agent.hosts.CallHosts;
import dev.watchdog.bootstrap.OpenHosts;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.GateListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.tinylog.TaggedLogger;

/**
 * What the gate asks of the agent: JDBC URL parsing (cached; on the application's thread), and, on the
 * agent's {@code watchdog-gate-events} thread, rejection counts, passive detection's reports, hosts
 * discovered and advice failures.
 */
public final class AgentGateListener implements GateListener {

    private static final TaggedLogger LOG = AgentLog.of("instrument");
    private static final TaggedLogger BREAKER_LOG = AgentLog.of("breaker");
    private static final int MAX_CACHED_URLS = 512;

    private final HostBreakers breakers;
    private final Consumer<String> discovery;
    private final Consumer<String> hurry;
    private final ConcurrentHashMap<String, String[]> hostsByUrl = new ConcurrentHashMap<>();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean droppedReported = new java.util.concurrent.atomic.AtomicBoolean();
    private final ObservedRejections observed = new ObservedRejections(System::nanoTime);

    /**
     * @param discovery told of every host the application calls while discovering
     * @param hurry     told of every rejected host, and every host an application call failed to reach: the
     *                  targets covering it are checked soon (rate-limited)
     */
    public AgentGateListener(HostBreakers breakers, Consumer<String> discovery, Consumer<String> hurry) {
        this.breakers = breakers;
        this.discovery = discovery;
        this.hurry = hurry;
    }

    @Override
    public String[] hostsOfJdbcUrl(String url) {
        String[] hosts = hostsByUrl.get(url);
        if (hosts == null) {
            if (hostsByUrl.size() >= MAX_CACHED_URLS) {
                hostsByUrl.clear();   // bounded: an application with endless distinct URLs gets no leak
            }
            hosts = JdbcUrls.hostKeys(url).toArray(String[]::new);
            hostsByUrl.put(url, hosts);
        }
        return hosts;
    }

    @Override
    public void rejected(String hostKey, long calls, boolean enforced) {
        breakers.rejected(hostKey, calls);
        hurry.accept(hostKey);
        if (!enforced) {
            ObservedRejections.Line line = observed.count(hostKey, calls);
            if (line != null) {
                BREAKER_LOG.warn("observe host={} would-reject count={} new={} (mode=observe: the calls went through)",
                        line.host(), line.count(), line.sinceLast());
            }
        }
    }

    @Override
    public void seen(String hostKey) {
        discovery.accept(hostKey);
    }

    /** A connection-level failure counts toward the host's breaker; any other outcome of a trial proves the host answers. */
    @Override
    public void failed(Object call, Object target, Throwable thrown) {
        String reason = ConnectionFailures.reason(thrown);
        for (String host : CallHosts.of(call, target)) {
            if (reason != null) {
                breakers.failed(host, reason);
                hurry.accept(host);   // a target covering it is checked now: an outage is confirmed in moments
            } else if (OpenHosts.isHalfOpen(host) && !rejection(thrown)) {
                breakers.succeeded(host);
            }
        }
    }

    @Override
    public void succeeded(Object call, Object target) {
        for (String host : CallHosts.of(call, target)) {
            if (OpenHosts.isHalfOpen(host)) {
                breakers.succeeded(host);
            }
        }
    }

    private static boolean rejection(Throwable thrown) {
        String message = thrown.getMessage();
        return message != null && message.startsWith(ConnectionFailures.REJECTION_PREFIX);
    }

    @Override
    public void eventsDropped(long total) {
        if (droppedReported.compareAndSet(false, true)) {
            LOG.warn("the gate's event queue was full: {} events dropped so far (rejections are still counted; "
                    + "passive detection missed some failures). Reported once.", total);
        }
    }

    @Override
    public void adviceFailed(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        String where = error.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
        if (reportedFailures.size() < 100 && reportedFailures.add(where)) {
            LOG.warn("advice failed, the call went on untouched (reported once): {}", error.toString());
        }
    }
}
