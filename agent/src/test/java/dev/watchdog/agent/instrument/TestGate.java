package dev.watchdog.agent.instrument;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.GateListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test support: the gate with a listener that records rejections and knows fixed JDBC URLs. */
public final class TestGate implements GateListener, AutoCloseable {

    private final Map<String, String[]> jdbcHosts = new ConcurrentHashMap<>();
    public final List<String> rejections = new CopyOnWriteArrayList<>();
    public final List<Throwable> adviceFailures = new CopyOnWriteArrayList<>();

    public TestGate() {
        Gate.setListener(this);
        Gate.setEnforcing(true);
    }

    public TestGate jdbcUrl(String url, String... hosts) {
        jdbcHosts.put(url, hosts);
        return this;
    }

    public TestGate open(String hostKey) {
        Gate.open(hostKey, "watchdog: circuit open for " + hostKey);
        return this;
    }

    @Override
    public String[] hostsOfJdbcUrl(String url) {
        return jdbcHosts.getOrDefault(url, new String[0]);
    }

    @Override
    public void rejected(String hostKey, boolean enforced) {
        rejections.add(hostKey + (enforced ? "" : " (observed)"));
    }

    @Override
    public void seen(String hostKey) {
        // discovery is not under test here
    }

    @Override
    public void adviceFailed(Throwable error) {
        adviceFailures.add(error);
    }

    @Override
    public void close() {
        jdbcHosts.values().forEach(hosts -> {
            for (String h : hosts) {
                Gate.close(h);
            }
        });
        Gate.setEnforcing(true);
        Gate.setListener(null);
    }
}
