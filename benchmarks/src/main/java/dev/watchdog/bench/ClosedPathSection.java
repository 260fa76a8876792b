package dev.watchdog.bench;

import dev.watchdog.bench.jmh.ClosedPathBench;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 3: healthy calls with and without the agent, in JMH forks that differ only by their JVM
 * arguments, interleaved round by round so drift on the shared machine hits every configuration. Then
 * one diagnostic fork per agent configuration (JIT log and -prof gc) for the profile note, which is
 * written from what this run measured.
 */
public final class ClosedPathSection {

    private static final String JDBC = "jdbcExecuteQuery";
    private static final String PG = "pgPreparedQuery";
    private static final String[] BENCHMARKS = {JDBC, PG, "httpClientSend"};
    private static final String NONE = "no agent";
    /** -javaagent with an agent that does nothing: what the JVM charges for any agent. */
    private static final String NOOP = "no-op -javaagent";
    private static final String CLOSED = "agent, breakers closed";
    private static final String OPEN = "agent, one unrelated breaker open";
    /** The H2 statement method the agent instruments, as C2 names it in its log. */
    private static final String H2_METHOD = "org.h2.jdbc.JdbcStatement::executeQuery";
    /** C2's limit for inlining a hot callee (bytes of bytecode), FreqInlineSize's default on x86_64. */
    private static final int FREQ_INLINE_SIZE = 325;

    private ClosedPathSection() {
    }

    public static void run(Report r, Settings s) {
        try (Dependency up = Dependency.tcpListener()) {
            int dead = Dependency.deadPort();
            Map<String, String[]> configs = new LinkedHashMap<>();
            configs.put(NONE, new String[0]);
            configs.put(NOOP, new String[] {"-javaagent:" + noopAgent(s)});
            configs.put(CLOSED, new String[] {agent(s, "closed", up.port())});
            configs.put(OPEN, new String[] {agent(s, "unrelated-open", dead), "-Dbench.awaitOpen=true"});
            String pgMissing = postgresMissing();
            // smoke: the JDBC loops only (each benchmark is its own forked JVM)
            String include = "dev\\.watchdog\\.bench\\.jmh\\.ClosedPathBench\\."
                    + (s.smoke() ? (pgMissing == null ? "(" + JDBC + "|" + PG + ")" : JDBC)
                    : pgMissing == null ? "" : "(?!" + PG + ")");
            Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
            for (int round = 1; round <= s.closedPathRounds(); round++) {
                for (Map.Entry<String, String[]> c : configs.entrySet()) {
                    // one fork per configuration and round: rounds interleave the configurations in time
                    Map<String, Jmh.Figure> f = Jmh.run(1, s.closedPathWarmups(), s.jmhIterations(), s.closedPathIterationMillis(),
                            s, include, false, "closed-" + slug(c.getKey()) + "-" + round, c.getValue());
                    f.forEach((name, fig) -> scores.computeIfAbsent(name, k -> new LinkedHashMap<>())
                            .computeIfAbsent(c.getKey(), k -> new ArrayList<>()).addAll(fig.iterations()));
                    Progress.say("closed path round " + round + " " + c.getKey() + ": " + f.keySet());
                }
            }
            Map<String, Diagnosis> diagnoses = new LinkedHashMap<>();
            for (String c : List.of(NOOP, CLOSED)) {
                diagnoses.put(c, diagnose(s, c, configs.get(c)));
            }
            r.section("Closed-path overhead (JMH, forked JVMs with and without `-javaagent`)",
                    "H2 in-memory `executeQuery` (one-row SELECT by primary key), the same SELECT as a `PreparedStatement` on"
                            + " PostgreSQL over loopback (`" + ClosedPathBench.Pg.URL + "`, a temporary table: the database's"
                            + " round trip dominates) and JDK `HttpClient.send` to a loopback"
                            + " `com.sun.net.httpserver.HttpServer`. The agent has one target (tcp check, 1 s interval): up"
                            + " (breakers closed) or down on an unrelated port (one breaker open, so every statement takes the"
                            + " slower path). `" + NOOP + "`: an agent whose premain does nothing, the baseline for"
                            + " the agent's own share (any -javaagent changes how this JVM runs the H2 loop)."
                            + " " + s.closedPathRounds() + " interleaved round(s), one fork per configuration and round, " + s.closedPathWarmups()
                            + " warm-up and " + s.jmhIterations() + " measured iterations of " + s.closedPathIterationMillis()
                            + " ms; median of all measured iterations."
                            + " Ratio = median with agent / median of the baseline, both from this run.");
            for (String bench : BENCHMARKS) {
                Map<String, List<Double>> byConfig = scores.get(bench);
                if (byConfig == null) {
                    if (bench.equals(PG) && pgMissing != null) {
                        for (String c : configs.keySet()) {
                            r.row("`" + bench + "`, " + c, "skipped: " + pgMissing, "—", "—", "—",
                                    c.equals(CLOSED) ? "≤ +2 %" : "—", Report.Verdict.INFO);
                        }
                    }
                    continue;   // not run in smoke mode
                }
                boolean jdbc = bench.equals(JDBC) || bench.equals(PG);
                Stats none = stats(byConfig.get(NONE));
                Stats noop = stats(byConfig.get(NOOP));
                for (Map.Entry<String, List<Double>> c : byConfig.entrySet()) {
                    Stats st = stats(c.getValue());
                    boolean isBaseline = c.getKey().equals(NONE);
                    double ratio = st.median() / none.median();
                    boolean goal = jdbc && c.getKey().equals(CLOSED);
                    r.row("`" + bench + "`, " + c.getKey(), Units.nanos(st.median()) + "/op", Spread.nanos(st),
                            isBaseline ? "—" : Units.nanos(none.median()) + "/op",
                            isBaseline ? "—" : Units.ratio(ratio) + " (" + Units.percent(ratio - 1) + ")",
                            goal ? "≤ +2 %" : "—", goal ? verdict(st, none, ratio) : Report.Verdict.INFO);
                    if (jdbc && (c.getKey().equals(CLOSED) || c.getKey().equals(OPEN))) {
                        // the same loop against a -javaagent that does nothing: the agent's own share
                        double own = st.median() / noop.median();
                        r.row("`" + bench + "`, " + c.getKey() + ", vs " + NOOP, Units.nanos(st.median()) + "/op",
                                Spread.nanos(st), Units.nanos(noop.median()) + "/op",
                                Units.ratio(own) + " (" + Units.percent(own - 1) + ")",
                                goal ? "≤ +2 %" : "—", goal ? verdict(st, noop, own) : Report.Verdict.INFO);
                    }
                }
            }
            r.note(profileNote(scores, diagnoses));
        }
    }

    /** What one diagnostic fork of the H2 loop showed: bytecode size of the statement method, C2's decision, B/op. */
    record Diagnosis(int bytecodeBytes, String decision, double bytesPerOp) {
    }

    /**
     * One short fork of the H2 loop with C2's log of the benchmark loop's compilations
     * (-XX:+PrintCompilation, PrintInlining of the JMH stub only) and -prof gc: the size of
     * {@code JdbcStatement.executeQuery} as the JVM runs it (the agent's advice inlined) and whether the
     * compiled loop inlined it. Not timed: the logging would disturb the figures.
     */
    private static Diagnosis diagnose(Settings s, String config, String[] args) {
        List<String> jvm = new ArrayList<>(List.of(args));
        jvm.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompilation", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=option,*ClosedPathBench_" + JDBC + "_jmhTest::" + JDBC + "_avgt_jmhStub,PrintInlining"));
        String log = "closed-jit-" + slug(config);
        Map<String, Jmh.Figure> f = Jmh.run(1, s.smoke() ? 1 : 4, 1, s.closedPathIterationMillis(), s,
                "dev\\.watchdog\\.bench\\.jmh\\.ClosedPathBench\\." + JDBC, true, log, jvm.toArray(new String[0]));
        Jmh.Figure fig = f.get(JDBC);
        try {
            return parse(Files.readAllLines(Jmh.log(s, log)), fig == null ? Double.NaN : fig.allocBytesPerOp());
        } catch (IOException e) {
            return new Diagnosis(-1, "log unreadable: " + e.getMessage(), Double.NaN);
        }
    }

    private static final Pattern SIZE = Pattern.compile(Pattern.quote(H2_METHOD) + " \\((\\d+) bytes\\)");
    private static final Pattern INLINE = Pattern.compile("@ \\d+\\s+" + Pattern.quote(H2_METHOD) + " \\(\\d+ bytes\\)\\s+(.+)$");

    /** The last size C2 printed, and the decision in the loop's last compilation (the one that runs measured). */
    static Diagnosis parse(List<String> lines, double bytesPerOp) {
        int size = -1;
        String decision = "not seen in the log";
        for (String line : lines) {
            Matcher m = SIZE.matcher(line);
            if (m.find()) {
                size = Integer.parseInt(m.group(1));
            }
            Matcher d = INLINE.matcher(line);
            if (d.find()) {
                decision = d.group(1).trim();
            }
        }
        return new Diagnosis(size, decision, bytesPerOp);
    }

    private static String profileNote(Map<String, Map<String, List<Double>>> scores, Map<String, Diagnosis> diagnoses) {
        Diagnosis noop = diagnoses.get(NOOP);
        Diagnosis agent = diagnoses.get(CLOSED);
        StringBuilder b = new StringBuilder("Profile note (this run: one more fork of the H2 loop each with the no-op agent and"
                + " with the agent, breakers closed, -XX:+PrintCompilation, PrintInlining of the JMH loop, -prof gc; not timed).");
        b.append(" H2's `JdbcStatement.executeQuery` as the JVM runs it: ").append(bytes(noop.bytecodeBytes()))
                .append(" of bytecode with the no-op agent, ").append(bytes(agent.bytecodeBytes()))
                .append(" with the agent's statement advice inlined (C2 inlines a hot callee of up to ")
                .append(FREQ_INLINE_SIZE).append(" bytes, FreqInlineSize); C2's decision for it in the compiled loop: `")
                .append(noop.decision()).append("` (no-op agent), `").append(agent.decision()).append("` (agent).")
                .append(" Allocation: ").append(Units.fmt(noop.bytesPerOp())).append(" B/op (no-op agent), ")
                .append(Units.fmt(agent.bytesPerOp())).append(" B/op (agent).");
        b.append(" What the agent changed in the H2 loop before (+9.4 % against the no-op agent in BENCHMARKS.md of 2026-11-26,"
                + " commit aae11cd): only `JdbcStatement.executeQuery` is advised on this path (the class dump lists H2's Driver,"
                + " JdbcStatement and JdbcPreparedStatement besides java.net.Socket and HttpClientImpl), but its advice inlined the"
                + " whole slow path (the connection's URL, the rejection, the evidence token) and an exit with onThrowable (a"
                + " Throwable handler around the method, a copy of its arguments): 230 bytes became 429, over FreqInlineSize, and"
                + " C2 logged `hot method too big` for it in each fork logged, so it was never inlined into its caller, where with the"
                + " no-op agent C2 inlines it whenever it compiles the caller first (`inline (hot)`, else `already compiled into"
                + " a big method`: a call in both). Measured with `-Dnet.bytebuddy.dump` and `javap -c`, and the same"
                + " PrintInlining option as here (benchmarks/README.md). Now the advice is one volatile read"
                + " (`JdbcStatements.watched()`) and a call out of line (`JdbcStatements.enter`, bootstrap) that throws the"
                + " rejection itself; the exit runs on normal return only, without an argument copy. The two volatile reads"
                + " were kept (≈ 0.3 ns each, see the gate table) and so was `@Advice.This` (no cast is emitted).");
        Map<String, List<Double>> h2 = scores.get(JDBC);
        if (h2 != null && h2.containsKey(NOOP) && h2.containsKey(CLOSED)) {
            Stats closed = stats(h2.get(CLOSED));
            Stats noopStats = stats(h2.get(NOOP));
            double own = closed.median() / noopStats.median();
            boolean resolved = verdict(closed, noopStats, own) != Report.Verdict.INCONCLUSIVE;
            b.append(" This run: the agent's share on the H2 loop ").append(Units.percent(own - 1)).append(" against the no-op agent");
            Map<String, List<Double>> pg = scores.get(PG);
            if (pg != null && pg.containsKey(NOOP) && pg.containsKey(CLOSED)) {
                Stats pgClosed = stats(pg.get(CLOSED));
                Stats pgNoop = stats(pg.get(NOOP));
                double pgOwn = pgClosed.median() / pgNoop.median();
                resolved &= verdict(pgClosed, pgNoop, pgOwn) != Report.Verdict.INCONCLUSIVE;
                b.append(", on the PostgreSQL loop ").append(Units.percent(pgOwn - 1));
            }
            b.append(" (medians; the spreads are in the table)").append(resolved ? "." : ": the spreads are wider than the"
                    + " goal, so these medians do not resolve 2 % (verdicts inconclusive); the JIT log and B/op above do not"
                    + " depend on the machine's load.");
        }
        return b.toString();
    }

    private static String bytes(int n) {
        return n < 0 ? "n/a (not in the JIT log)" : n + " bytes";
    }

    /** Null when PostgreSQL answers at {@link ClosedPathBench.Pg#URL}, else why not; on CI ({@code CI=true}) it must. */
    private static String postgresMissing() {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(ClosedPathBench.Pg.URL, ClosedPathBench.Pg.USER, ClosedPathBench.Pg.PASSWORD)) {
            return null;
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + ClosedPathBench.Pg.URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; CI=true: it must run (.ci/run starts it)", e);
            }
            return why;
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

    private static String slug(String config) {
        return config.replaceAll("[^a-z]+", "-");
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
