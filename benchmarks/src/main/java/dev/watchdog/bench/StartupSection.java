package dev.watchdog.bench;

import dev.watchdog.bench.probe.HelloApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 4: whole-process wall time and peak RSS of the hello program with no agent, watchdog-agent
 * and the OpenTelemetry agent, interleaved run by run; and an empty main with and without watchdog.
 */
public final class StartupSection {

    private static final double GOAL_WALL_NS = 150e6;
    private static final double GOAL_RSS_KIB = 25 * 1024;
    private static final String AT_START = "watchdog-agent, instrumentation installed at start";

    private record Sample(List<Double> wallNanos, List<Double> hwmKib) {
        Sample() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private StartupSection() {
    }

    public static void run(Report r, Settings s) {
        Path otel = s.smoke() ? null : otelJar();   // smoke: its start-up alone costs seconds
        try (Dependency up = Dependency.tcpListener()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("watchdog.health.interval", "1s");
            config.put("watchdog.target.svc.check", "tcp://127.0.0.1:" + up.port());
            String watchdog = ProbeJvm.watchdogAgent(s.workDir(), "startup", config);
            config.put("watchdog.instrument.delay", "0");
            String installAtStart = ProbeJvm.watchdogAgent(s.workDir(), "startup-install-at-start", config);
            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put("no agent", List.of());
            configs.put("watchdog-agent", List.of(watchdog));
            configs.put(AT_START, List.of(installAtStart));
            if (otel != null) {
                configs.put("OpenTelemetry agent " + otelVersion(otel), List.of("-javaagent:" + otel,
                        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
            }
            Map<String, Sample> hello = new LinkedHashMap<>();
            Map<String, Sample> empty = new LinkedHashMap<>();
            for (int i = 0; i < s.startupRuns(); i++) {
                for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                    measure(c.getValue(), hello.computeIfAbsent(c.getKey(), k -> new Sample()));
                    if (c.getKey().equals("no agent") || c.getKey().equals("watchdog-agent")) {
                        measure(c.getValue(), empty.computeIfAbsent(c.getKey(), k -> new Sample()), "empty");
                    }
                }
                Progress.say("startup run " + (i + 1) + "/" + s.startupRuns());
            }
            r.section("Startup and memory (whole process)",
                    "Hello program: one H2 in-memory query and one JDK HttpClient request to a loopback server. Wall time from"
                            + " process start to exit (measured by the parent), peak RSS = VmHWM read at the end of main. "
                            + s.startupRuns() + " interleaved runs per configuration. watchdog-agent has one tcp target (up)"
                            + " and, by default, installs its instrumentation once the application settled (at least 2 s after start) or as soon as a breaker opens"
                            + " (`watchdog.instrument.delay`): the hello program exits before that. The row `" + AT_START
                            + "` is the cost of installing it at start (what a process pays once, later, with the default)."
                            + (otel == null ? " OpenTelemetry agent: not run (smoke mode, or its jar is missing from benchmarks/target/agents/)." : "")
                            + " Ratio = with agent / no agent.");
            Sample none = hello.get("no agent");
            for (Map.Entry<String, Sample> e : hello.entrySet()) {
                rows(r, "hello, " + e.getKey(), e.getValue(), none, e.getKey().equals("watchdog-agent"));
            }
            Sample emptyNone = empty.get("no agent");
            Sample emptyWatchdog = empty.get("watchdog-agent");
            rows(r, "empty main, no agent", emptyNone, emptyNone, false);
            rows(r, "empty main, watchdog-agent", emptyWatchdog, emptyNone, false);
            double premain = new Stats(toArray(emptyWatchdog.wallNanos())).median() - new Stats(toArray(emptyNone.wallNanos())).median();
            List<Double> premainLogged = new ArrayList<>();
            for (int i = 0; i < s.startupRuns(); i++) {
                premainLogged.add(premainFromClassLoadLog(s, watchdog, i));
            }
            Stats pl = new Stats(toArray(premainLogged));
            r.row("premain (class-load log: WatchdogPremain loaded → main class loaded)", Units.nanos(pl.median()), Spread.nanos(pl),
                    "—", "—", "≤ 20 ms", Report.verdict(pl.median() <= 20e6));
            List<Double> premainReported = new ArrayList<>();
            List<Double> armedReported = new ArrayList<>();
            for (int i = 0; i < s.startupRuns(); i++) {
                double[] reported = startLine(installAtStart);
                premainReported.add(reported[0]);
                armedReported.add(reported[1]);
            }
            Stats pr = new Stats(toArray(premainReported));
            r.row("premain (the agent's start line: premain=)", Units.nanos(pr.median()), Spread.nanos(pr),
                    "—", "—", "≤ 20 ms", Report.verdict(pr.median() <= 20e6));
            Stats ar = new Stats(toArray(armedReported));
            r.row("premain → instrumentation installed (start line ready=, " + AT_START + ", hello kept alive)",
                    Units.nanos(ar.median()), Spread.nanos(ar), "—", "—", "—", Report.Verdict.INFO);
            r.note("Premain is measured twice: from outside, in the JVM's"
                    + " class-load log (-Xlog:class+load, separate runs: from loading WatchdogPremain to loading the main class,"
                    + " which includes the JVM's own agent set-up), and as the agent reports it (premain entry to return)."
                    + " Empty main with watchdog-agent minus"
                    + " without = " + Units.nanos(premain) + " (median difference of wall times): premain plus everything"
                    + " else the agent adds to a process that exits at once (its start-up thread competing for the 2 cores,"
                    + " JVM exit)."
                    + " Goal from the issue: premain ≤ 20 ms.");
            r.note(ProfileNotes.STARTUP);
        }
    }

    /** The agent's own {premain, ready} figures (ns) from its start line, in a child that waits for it. */
    private static double[] startLine(String agent) {
        try (ProbeJvm child = ProbeJvm.start(List.of(agent), HelloApp.class, "wait-for-agent")) {
            String line = child.await("watchdog INFO agent started", 60_000).text();
            return new double[] {millisOf(line, "premain=") * 1e6, millisOf(line, "ready=") * 1e6};
        }
    }

    private static double millisOf(String line, String key) {
        int at = line.indexOf(key) + key.length();
        return Double.parseDouble(line.substring(at, line.indexOf("ms", at)));
    }

    private static void rows(Report r, String figure, Sample sample, Sample baseline, boolean goal) {
        Stats wall = new Stats(toArray(sample.wallNanos()));
        Stats hwm = new Stats(toArray(sample.hwmKib()));
        boolean isBaseline = sample == baseline;
        Stats bw = new Stats(toArray(baseline.wallNanos()));
        Stats bh = new Stats(toArray(baseline.hwmKib()));
        double dWall = wall.median() - bw.median();
        double dHwm = hwm.median() - bh.median();
        r.row(figure + ": wall time", Units.nanos(wall.median()), Spread.nanos(wall),
                isBaseline ? "—" : Units.nanos(bw.median()),
                isBaseline ? "—" : Units.ratio(wall.median() / bw.median()) + " (" + (dWall >= 0 ? "+" : "") + Units.nanos(dWall) + ")",
                goal ? "≤ +150 ms" : "—", goal ? Report.verdict(dWall <= GOAL_WALL_NS) : Report.Verdict.INFO);
        r.row(figure + ": peak RSS", Units.mib(hwm.median()),
                Spread.mib(hwm),
                isBaseline ? "—" : Units.mib(bh.median()),
                isBaseline ? "—" : Units.ratio(hwm.median() / bh.median()) + " (" + (dHwm >= 0 ? "+" : "") + Units.mib(dHwm) + ")",
                goal ? "≤ +25 MiB" : "—", goal ? Report.verdict(dHwm <= GOAL_RSS_KIB) : Report.Verdict.INFO);
    }

    /**
     * The JVM's own class-load log (uptime in ms) from the agent's premain class to the application's main
     * class: what premain keeps the main thread waiting, without trusting the agent to report it.
     */
    private static double premainFromClassLoadLog(Settings s, String watchdog, int run) {
        Path log = s.workDir().resolve("premain-class-load-" + run + ".log");
        try (ProbeJvm child = ProbeJvm.start(List.of(watchdog, "-Xlog:class+load:file=" + log + ":uptimemillis"),
                HelloApp.class, "empty")) {
            child.awaitExit(60_000);
            List<String> lines = Files.readAllLines(log);
            return (uptimeMillis(lines, "dev.watchdog.bench.probe.HelloApp ") - uptimeMillis(lines, "dev.watchdog.premain.WatchdogPremain ")) * 1e6;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double uptimeMillis(List<String> lines, String cls) {
        for (String line : lines) {
            if (line.contains(cls)) {
                return Double.parseDouble(line.substring(1, line.indexOf("ms]")));
            }
        }
        throw new IllegalStateException(cls + " not in the class-load log");
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void measure(List<String> jvm, Sample into, String... args) {
        try (ProbeJvm child = ProbeJvm.start(jvm, HelloApp.class, args)) {
            long wall = child.awaitExit(120_000);
            String hwm = child.await("HWM_KB ", 1_000).text().substring("HWM_KB ".length()).trim();
            into.wallNanos().add((double) wall);
            into.hwmKib().add(Double.parseDouble(hwm));
        }
    }

    /** -Dotel.agent.jar, else the copy run.sh / the build made under benchmarks/target/agents. */
    static Path otelJar() {
        String configured = System.getProperty("otel.agent.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("target/agents"), dir.resolve("benchmarks/target/agents")}) {
                if (Files.isDirectory(candidate)) {
                    try (var files = Files.list(candidate)) {
                        Path jar = files.filter(f -> f.getFileName().toString().startsWith("opentelemetry-javaagent")).findFirst().orElse(null);
                        if (jar != null) {
                            return jar;
                        }
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    static String otelVersion(Path jar) {
        String n = jar.getFileName().toString();
        return n.replace("opentelemetry-javaagent-", "").replace(".jar", "");
    }
}
