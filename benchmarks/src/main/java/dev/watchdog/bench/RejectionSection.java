package dev.watchdog.bench;

import dev.watchdog.bench.probe.RejectionProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 2: a rejected call per instrumented API (agent attached, breaker open) against the same
 * call without the agent to a refused port and to a blackhole; plus the exception construction alone.
 */
public final class RejectionSection {


    /** Parsed RESULT line of a probe, nanoseconds. */
    record Result(Map<String, Double> values, String error) {
        double get(String k) {
            return values.getOrDefault(k, Double.NaN);
        }

        static Result skipped() {
            return new Result(Map.of(), "(not run in smoke mode)");
        }
    }

    private RejectionSection() {
    }

    public static void run(Report r, Settings s) {
        Map<String, Jmh.Figure> exceptions = Jmh.run(s, "dev\\.watchdog\\.bench\\.jmh\\.ExceptionBench\\.", true, "exceptions");
        r.section("Rejection latency per instrumented API (child JVMs, System.nanoTime per call)",
                "Rejected: agent attached, the target's breaker open (waited for `state=DOWN`), " + s.rejectedSamples()
                        + " calls after " + s.rejectedWarmup() + " warm-up calls. Baselines: the same call without the agent,"
                        + " to a refused loopback port, and to a blackhole (accepts, never answers; clients use 1 s timeouts;"
                        + " calls still running after " + blackholeCapMillis(s) + " ms are counted at the cap)."
                        + " Ratio = baseline / rejected (how many times faster the rejection is).");
        List<String> errors = new ArrayList<>();
        for (String api : RejectionProbe.APIS) {
            Result rejected = probe(s, api, Mode.REJECTED);
            // smoke: the baselines of one API prove the harness; each costs a JVM start (and a blackhole a timeout)
            boolean baselines = !s.smoke() || api.equals("http-send");
            Result refused = baselines ? probe(s, api, Mode.REFUSED) : Result.skipped();
            Result blackhole = baselines ? probe(s, api, Mode.BLACKHOLE) : Result.skipped();
            double p50 = rejected.get("p50");
            double p99 = rejected.get("p99");
            r.row("`" + api + "` rejected p50", Units.nanos(p50),
                    Units.nanos(rejected.get("p25")) + " – " + Units.nanos(rejected.get("p75")) + " (p25–p75, n=" + (long) rejected.get("n") + ")",
                    "refused " + Units.nanos(refused.get("p50")) + "; blackhole " + Units.nanos(blackhole.get("p50")),
                    Units.ratio(refused.get("p50") / p50) + " / " + Units.ratio(blackhole.get("p50") / p50),
                    "≤ 5 µs", Report.verdict(p50 <= 5_000));
            r.row("`" + api + "` rejected p99", Units.nanos(p99), "max " + Units.nanos(rejected.get("max")),
                    "refused " + Units.nanos(refused.get("p99")) + " (n=" + (long) refused.get("n") + "); blackhole "
                            + Units.nanos(blackhole.get("p99")) + " (n=" + (long) blackhole.get("n") + ", capped " + (long) blackhole.get("capped") + ")",
                    Units.ratio(refused.get("p99") / p99) + " / " + Units.ratio(blackhole.get("p99") / p99),
                    "≤ 50 µs", Report.verdict(p99 <= 50_000));
            errors.add("- `" + api + "`: rejected → " + shorten(rejected.error()) + "; refused → " + shorten(refused.error())
                    + "; blackhole → " + shorten(blackhole.error()));
        }
        for (Map.Entry<String, Jmh.Figure> e : exceptions.entrySet()) {
            Stats st = e.getValue().stats();
            r.row("exception construction alone: `" + (e.getKey().startsWith("sql") ? "new SQLTransientConnectionException(msg, \"08001\")"
                            : "new ConnectException(msg)") + "` (JMH)",
                    Units.nanos(st.median()) + ", " + Units.fmt(e.getValue().allocBytesPerOp()) + " B/op", Spread.nanos(st),
                    "—", "—", "part of the 5 µs", Report.Verdict.INFO);
        }
        r.note(ProfileNotes.REJECTION);
        r.note("What each call threw (first failure):\n\n" + String.join("\n", errors));
    }

    /** Clients time out after 1 s; H2 has no read timeout, so the harness stops waiting at the cap. */
    private static long blackholeCapMillis(Settings s) {
        return s.smoke() ? 300 : 1500;
    }

    private static String shorten(String error) {
        String e = error == null ? "(none)" : error.replace('|', '/');
        return "`" + (e.length() > 140 ? e.substring(0, 140) + "…" : e) + "`";
    }

    private enum Mode { REJECTED, REFUSED, BLACKHOLE }

    private static Result probe(Settings s, String api, Mode mode) {
        int dead = Dependency.deadPort();
        boolean jdbcExecute = api.equals("jdbc-execute");
        int h2Port = jdbcExecute ? Dependency.deadPort() : 0;
        // jdbc-execute: an open connection through a proxy that then dies; the others call the port directly
        // the health check's dependency is up until the probe is ready, so jdbc-execute can open its connection first
        try (Dependency checked = mode == Mode.REJECTED ? Dependency.tcpListener() : null;
             Dependency proxy = jdbcExecute ? new Dependency(h2Port).mode(Dependency.Mode.SERVE) : null;
             Dependency blackhole = !jdbcExecute && mode == Mode.BLACKHOLE ? new Dependency(0).mode(Dependency.Mode.BLACKHOLE) : null) {
            int port = jdbcExecute ? proxy.port() : blackhole != null ? blackhole.port() : checked != null ? checked.port() : dead;
            List<String> jvm = new ArrayList<>();
            if (mode == Mode.REJECTED) {
                Map<String, String> config = new LinkedHashMap<>();
                config.put("watchdog.health.interval", "200ms");
                config.put("watchdog.target.db.check", "tcp://127.0.0.1:" + checked.port());
                if (jdbcExecute) {
                    config.put("watchdog.target.db.hosts", "127.0.0.1:" + port);
                }
                jvm.add(ProbeJvm.watchdogAgent(s.workDir(), "rejection-" + api, ProbeJvm.installAtStart(config)));
            }
            boolean slow = mode == Mode.BLACKHOLE || (mode == Mode.REFUSED && api.equals("jdbc-connect"));
            int samples = mode == Mode.REJECTED ? s.rejectedSamples() : slow ? s.slowSamples() : s.refusedSamples();
            int warmup = mode == Mode.REJECTED ? s.rejectedWarmup() : slow ? 0 : Math.max(1, samples / 4);
            long cap = mode == Mode.BLACKHOLE ? blackholeCapMillis(s) : 0;
            try (ProbeJvm child = ProbeJvm.start(jvm, RejectionProbe.class, api, String.valueOf(port),
                    String.valueOf(warmup), String.valueOf(samples), String.valueOf(cap), String.valueOf(h2Port))) {
                child.await("READY", 30_000);
                if (mode == Mode.REJECTED) {
                    checked.mode(Dependency.Mode.REFUSE);
                    child.await("state=DOWN", 30_000);
                } else if (jdbcExecute) {
                    proxy.mode(mode == Mode.REFUSED ? Dependency.Mode.REFUSE : Dependency.Mode.BLACKHOLE);
                }
                child.send("GO");
                String line = child.await("RESULT ", 120_000).text();
                String error = child.await("ERROR ", 5_000).text().substring("ERROR ".length());
                Map<String, Double> values = new LinkedHashMap<>();
                for (String kv : line.substring("RESULT ".length()).split(" ")) {
                    String[] p = kv.split("=");
                    values.put(p[0], Double.parseDouble(p[1]));
                }
                Progress.say("rejection " + api + " " + mode + ": p50=" + Units.nanos(values.get("p50")) + " p99="
                        + Units.nanos(values.get("p99")) + " error=" + error);
                return new Result(values, error);
            }
        }
    }
}
