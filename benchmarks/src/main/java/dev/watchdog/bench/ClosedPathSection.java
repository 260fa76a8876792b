package dev.watchdog.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 3: healthy calls with and without the agent, in JMH forks that differ only by their JVM
 * arguments, interleaved round by round so drift on the shared machine hits every configuration.
 */
public final class ClosedPathSection {

    private static final String[] BENCHMARKS = {"jdbcExecuteQuery", "httpClientSend"};
    /** -javaagent with an agent that does nothing: what the JVM charges for any agent. */
    private static final String NOOP = "no-op -javaagent";

    private ClosedPathSection() {
    }

    public static void run(Report r, Settings s) {
        try (Dependency up = Dependency.tcpListener()) {
            int dead = Dependency.deadPort();
            Map<String, String[]> configs = new LinkedHashMap<>();
            configs.put("no agent", new String[0]);
            configs.put(NOOP, new String[] {"-javaagent:" + noopAgent(s)});
            configs.put("agent, breakers closed", new String[] {agent(s, "closed", up.port())});
            configs.put("agent, one unrelated breaker open", new String[] {agent(s, "unrelated-open", dead), "-Dbench.awaitOpen=true"});
            Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
            for (int round = 1; round <= s.closedPathRounds(); round++) {
                for (Map.Entry<String, String[]> c : configs.entrySet()) {
                    // smoke: the JDBC loop only (each benchmark is its own forked JVM)
                    String include = "dev\\.watchdog\\.bench\\.jmh\\.ClosedPathBench\\." + (s.smoke() ? "jdbc" : "");
                    // one fork per configuration and round: rounds interleave the configurations in time
                    Map<String, Jmh.Figure> f = Jmh.run(1, s.closedPathWarmups(), s.jmhIterations(), s.closedPathIterationMillis(),
                            s, include, false,
                            "closed-" + c.getKey().replaceAll("[^a-z]+", "-") + "-" + round, c.getValue());
                    f.forEach((name, fig) -> scores.computeIfAbsent(name, k -> new LinkedHashMap<>())
                            .computeIfAbsent(c.getKey(), k -> new ArrayList<>()).addAll(fig.iterations()));
                    Progress.say("closed path round " + round + " " + c.getKey() + ": " + f.keySet());
                }
            }
            r.section("Closed-path overhead (JMH, forked JVMs with and without `-javaagent`)",
                    "H2 in-memory `executeQuery` (one-row SELECT by primary key) and JDK `HttpClient.send` to a loopback"
                            + " `com.sun.net.httpserver.HttpServer`. The agent has one target (tcp check, 1 s interval): up"
                            + " (breakers closed) or down on an unrelated port (one breaker open, so every call takes the"
                            + " slower path). `" + NOOP + "`: an agent whose premain does nothing, the baseline for"
                            + " the agent's own share (any -javaagent changes how this JVM runs the H2 loop)."
                            + " " + s.closedPathRounds() + " interleaved round(s), one fork per configuration and round, " + s.closedPathWarmups()
                            + " warm-up and " + s.jmhIterations() + " measured iterations of " + s.closedPathIterationMillis()
                            + " ms; median of all measured iterations."
                            + " Ratio = with agent / without.");
            for (String bench : BENCHMARKS) {
                Map<String, List<Double>> byConfig = scores.get(bench);
                if (byConfig == null) {
                    continue;   // not run in smoke mode
                }
                Stats none = stats(byConfig.get("no agent"));
                Stats noop = stats(byConfig.get(NOOP));
                for (Map.Entry<String, List<Double>> c : byConfig.entrySet()) {
                    Stats st = stats(c.getValue());
                    boolean isBaseline = c.getKey().equals("no agent");
                    double ratio = st.median() / none.median();
                    boolean goal = bench.equals("jdbcExecuteQuery") && c.getKey().equals("agent, breakers closed");
                    r.row("`" + bench + "`, " + c.getKey(), Units.nanos(st.median()) + "/op", Spread.nanos(st),
                            isBaseline ? "—" : Units.nanos(none.median()) + "/op",
                            isBaseline ? "—" : Units.ratio(ratio) + " (" + Units.percent(ratio - 1) + ")",
                            goal ? "≤ +2 %" : "—", goal ? verdict(st, none, ratio) : Report.Verdict.INFO);
                    if (goal) {
                        // the same loop against a -javaagent that does nothing: the agent's own share
                        double own = st.median() / noop.median();
                        r.row("`" + bench + "`, agent, breakers closed, vs " + NOOP, Units.nanos(st.median()) + "/op",
                                Spread.nanos(st), Units.nanos(noop.median()) + "/op",
                                Units.ratio(own) + " (" + Units.percent(own - 1) + ")", "≤ +2 %", verdict(st, noop, own));
                    }
                }
            }
            r.note(ProfileNotes.CLOSED_PATH);
        }
    }

    /**
     * Met only when the medians say so AND the measurement can resolve 2 %: when either side's
     * interquartile range is wider than ±5 % of its median, or attaching an agent "speeds up" the loop by
     * more than 5 %, the run measured the machine's noise, not the agent.
     */
    private static Report.Verdict verdict(Stats agent, Stats none, double ratio) {
        boolean noisy = relativeIqr(agent) > 0.10 || relativeIqr(none) > 0.10 || ratio < 0.95;
        if (noisy) {
            return Report.Verdict.INCONCLUSIVE;
        }
        return Report.verdict(ratio <= 1.02);
    }

    private static double relativeIqr(Stats s) {
        return (s.percentile(75) - s.percentile(25)) / s.median();
    }

    private static Stats stats(List<Double> values) {
        return new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String noopAgent(Settings s) {
        try {
            return dev.watchdog.bench.probe.NoopAgent.writeJar(s.workDir()).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String agent(Settings s, String name, int checkedPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("watchdog.health.interval", "1s");
        config.put("watchdog.target.svc.check", "tcp://127.0.0.1:" + checkedPort);
        return ProbeJvm.watchdogAgent(s.workDir(), "closed-path-" + name, ProbeJvm.installAtStart(config));
    }
}
