package dev.watchdog.agent.breaker;

import dev.watchdog.agent.hosts.JdbcUrls;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.GateListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.TaggedLogger;

/** What the gate asks of the agent: JDBC URL parsing (cached), rejection counts, advice failures. */
public final class AgentGateListener implements GateListener {

    private static final TaggedLogger LOG = AgentLog.of("instrument");
    private static final int MAX_CACHED_URLS = 512;

    private final HostBreakers breakers;
    private final ConcurrentHashMap<String, String[]> hostsByUrl = new ConcurrentHashMap<>();
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

    public AgentGateListener(HostBreakers breakers) {
        this.breakers = breakers;
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
    public void rejected(String hostKey, boolean enforced) {
        breakers.rejected(hostKey);
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
