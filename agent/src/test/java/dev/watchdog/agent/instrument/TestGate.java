package dev.watchdog.agent.instrument;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.bootstrap.GateEvents;
import dev.watchdog.bootstrap.GateListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test support: the gate with a listener that records rejections and knows fixed JDBC URLs. */
public final class TestGate implements GateListener, AutoCloseable {

    private final Map<String, String[]> jdbcHosts = new ConcurrentHashMap<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final List<Throwable> adviceFailures = new CopyOnWriteArrayList<>();

    public TestGate() {
        GateAccess.control().setListener(this);
        GateAccess.control().setEnforcing(true);
    }

    public TestGate jdbcUrl(String url, String... hosts) {
        jdbcHosts.put(url, hosts);
        return this;
    }

    public TestGate open(String hostKey) {
        GateAccess.control().open(hostKey, "watchdog: circuit open for " + hostKey);
        return this;
    }

    @Override
    public String[] hostsOfJdbcUrl(String url) {
        return jdbcHosts.getOrDefault(url, new String[0]);
    }

    @Override
    public void rejected(String hostKey, long calls, boolean enforced) {
        for (long i = 0; i < calls; i++) {
            rejections.add(hostKey + (enforced ? "" : " (observed)"));
        }
    }

    @Override
    public void seen(String hostKey) {
        // discovery is not under test here
    }

    @Override
    public void adviceFailed(Throwable error) {
        adviceFailures.add(error);
    }

    /** The rejections the agent's side was told of (it hears of them on its own thread), sorted. */
    public List<String> rejections() {
        delivered();
        return rejections.stream().sorted().toList();
    }

    public List<Throwable> adviceFailures() {
        delivered();
        return List.copyOf(adviceFailures);
    }

    /** Waits until every gate event so far reached this listener. */
    public static void delivered() {
        if (!GateEvents.flush(5_000)) {
            throw new AssertionError("gate events not delivered within 5 s");
        }
    }

    @Override
    public void close() {
        delivered();   // this test's events reach this test's listener
        jdbcHosts.values().forEach(hosts -> {
            for (String h : hosts) {
                GateAccess.control().close(h);
            }
        });
        GateAccess.control().setEnforcing(true);
        GateAccess.control().setListener(null);
    }
}
