package dev.watchdog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 8: the big application ({@code test-apps/spring-boot-jpa-app}: Spring Boot, Spring MVC, Spring Data JPA on
 * Hibernate over HikariCP, validation, caching, actuator; ~18,000 classes) started with no agent, watchdog-agent and
 * the OpenTelemetry agent, interleaved round by round: time to ready, RSS at ready and after a load, latencies under
 * the load, CPU of the agent's threads and the agent's own install figures.
 */
public final class BigAppSection {

    static final String APP_JAR = "test-apps/spring-boot-jpa-app/target/spring-boot-jpa-app.jar";
    /** The same for every configuration: bounds heap growth under the load; metaspace, code cache and native memory stay free. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx512m");
    private static final double GOAL_RSS_KIB = 25 * 1024;
    private static final double GOAL_READY_FRACTION = 0.03;
    private static final double GOAL_INSTALL_CPU_NS = 200e6;
    private static final double GOAL_SPIKE = 2.0;
    private static final String NONE = "no agent";
    private static final String WATCHDOG = "watchdog-agent";
    /** A breaker opens halfway through the load: the deferred install runs while requests are served. */
    private static final String LATE = "watchdog-agent, a breaker opens under load";
    private static final int CLIENTS = 4;
    /** What SeedData creates: owners 1..200 and about 400 pets. */
    private static final int OWNERS = 200;
    private static final int PETS = 390;
    private static final List<String> LAST_NAME_PREFIXES = List.of("Fra", "Dav", "Rod", "Sch", "Bla", "Esc", "Col", "McT",
            "Est", "Lea", "Dou", "Car", "Jen", "Ort", "Ste", "Sha", "Hug", "Mor", "Nak", "Web");
    private static final Pattern INSTALL = Pattern.compile("instrumentation installed in ([\\d.,]+) ms \\(([\\d.,]+) ms CPU\\):"
            + " ([\\d,]+) classes loaded, ([\\d,]+) examined, ([\\d,]+) retransformed"
            + "(?:; CPU: hooks built ([\\d.,]+) ms, ByteBuddy's transformer ([\\d.,]+) ms, retransformation ([\\d.,]+) ms)?");
    private static final String PG_SCHEMA = "watchdog_bigapp";

    /** The agent's own figures from its install line; {@code atNanos}: when the line arrived, from process start. */
    record Install(double wallNanos, double cpuNanos, double loaded, double examined, double retransformed, double atNanos,
                   double buildCpuNanos, double transformerCpuNanos, double retransformCpuNanos) {
    }

    /** One start of the application under one configuration. Sizes in KiB, times in ns. */
    record Run(double readyNanos, double cpuAtReadyNanos, double rssReady, double hwmReady, double rssLoad, double hwmLoad,
               double requestsPerSecond, double errors, double p50, double p99, double worstWindowP99, double max,
               double classes, double agentCpuNanos, double cpuNanos, Install install, double loadStartNanos,
               double triggerSpike) {
    }

    /** {@code triggerSpike}: worst 1-s window's p99 in the 10 s from halfway / p99 of the warm part before it. */
    private record Load(double requestsPerSecond, double errors, double p50, double p99, double worstWindowP99, double max,
                        double triggerSpike) {
    }

    private record Database(String description, List<String> appArgs, Map<String, String> agentTarget) {
    }

    private BigAppSection() {
    }

    /** {@code -Dbench.bigapp.rounds=N}, {@code -Dbench.bigapp.load=SECONDS}, {@code -Dbench.bigapp.late=true|false} override the profile. */
    public static void run(Report r, Settings profile) {
        Settings s = profile;
        if (System.getProperty("bench.bigapp.rounds") != null || System.getProperty("bench.bigapp.load") != null) {
            s = new Settings(profile.smoke(), profile.workDir(), profile.jmhForks(), profile.jmhWarmups(), profile.jmhIterations(),
                    profile.jmhIterationMillis(), profile.closedPathRounds(), profile.closedPathWarmups(),
                    profile.closedPathIterationMillis(), profile.rejectedWarmup(), profile.rejectedSamples(),
                    profile.refusedSamples(), profile.slowSamples(), profile.startupRuns(), profile.scalingTargets(),
                    profile.scalingWarmSeconds(), profile.scalingWindowSeconds(), profile.detectionRepeats(),
                    Integer.getInteger("bench.bigapp.rounds", profile.bigappRounds()),
                    Integer.getInteger("bench.bigapp.load", profile.bigappLoadSeconds()));
        }
        Path jar = ProbeJvm.builtJar("bench.bigapp.jar", APP_JAR);
        Path otel = s.smoke() ? null : StartupSection.otelJar();   // smoke: its start-up alone costs tens of seconds here
        try (Dependency tcp = Dependency.tcpListener()) {
            Database db = database(tcp.port());
            Map<String, String> config = new LinkedHashMap<>(db.agentTarget());
            config.put("watchdog.log.level", "debug");   // the install's figures come at DEBUG (a healthy start says one line)
            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put(NONE, List.of());
            configs.put(WATCHDOG, List.of(ProbeJvm.watchdogAgent(s.workDir(), "bigapp", config)));
            String otelName = null;
            if (otel != null) {
                otelName = "OpenTelemetry agent " + StartupSection.otelVersion(otel);
                configs.put(otelName, List.of("-javaagent:" + otel,
                        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
            }
            if (Boolean.parseBoolean(System.getProperty("bench.bigapp.late", String.valueOf(!s.smoke())))) {
                configs.put(LATE, null);   // its agent configuration names a listener of its own, per run
            }
            List<String> names = new ArrayList<>(configs.keySet());
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            names.forEach(n -> runs.put(n, new ArrayList<>()));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            for (int round = 0; round < s.bigappRounds(); round++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((round + k) % names.size());   // each configuration takes each place in turn
                    Run run;
                    if (name.equals(LATE)) {
                        try (Dependency doomed = Dependency.tcpListener(java.net.InetAddress.getByName("127.0.0.2"))) {
                            String agent = ProbeJvm.watchdogAgent(s.workDir(), "bigapp-breaker-under-load", lateConfig(db, doomed));
                            run = measure(s, http, jar, db, List.of(agent), name, round, () -> doomed.mode(Dependency.Mode.REFUSE));
                        }
                    } else {
                        run = measure(s, http, jar, db, configs.get(name), name, round, null);
                    }
                    runs.get(name).add(run);
                    Progress.say("bigapp round " + (round + 1) + "/" + s.bigappRounds() + ", " + name + ": ready "
                            + Units.nanos(run.readyNanos()) + ", RSS " + Units.mib(run.rssReady()) + " → " + Units.mib(run.rssLoad())
                            + ", " + Units.fmt(run.requestsPerSecond()) + " req/s, p99 " + Units.nanos(run.p99())
                            + ", classes " + Units.fmt(run.classes()));
                }
            }
            report(r, s, db, runs, otelName);
            if (!s.smoke()) {
                r.note(memoryProfile(s, http, jar, db, configs.get(WATCHDOG)));
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * watchdog-agent with its instrumentation deferred for an hour and a second target on 127.0.0.2 (a host the
     * application never calls) that dies halfway through the load: its breaker opens and installs the instrumentation
     * then, under load. The database is checked by tcp here: a {@code jdbc:} check looking for the driver installs at once.
     */
    private static Map<String, String> lateConfig(Database db, Dependency doomed) {
        Map<String, String> config = new LinkedHashMap<>();
        String dbCheck = db.agentTarget().get("watchdog.target.db.check");
        config.put("watchdog.target.db.check", dbCheck.startsWith("jdbc:") ? "tcp://127.0.0.1:5432" : dbCheck);
        config.put("watchdog.target.doomed.check", "tcp://" + doomed.address().getHostAddress() + ":" + doomed.port());
        config.put("watchdog.health.interval", "1s");
        config.put("watchdog.instrument.delay", "3600s");
        config.put("watchdog.log.level", "debug");
        return config;
    }

    private static void report(Report r, Settings s, Database db, Map<String, List<Run>> runs, String otelName) {
        List<Run> none = runs.get(NONE);
        List<Run> watchdog = runs.get(WATCHDOG);
        List<Run> otel = otelName == null ? null : runs.get(otelName);
        r.section("Big application (Spring Boot JPA service, ~" + Units.fmt(median(watchdog, Run::classes)) + " classes)",
                "`" + APP_JAR + "` (`java " + String.join(" ", JVM_FLAGS) + " [-javaagent:...] -jar`): embedded Tomcat, Spring MVC"
                        + " with Jackson and Bean Validation, Spring Data JPA on Hibernate over HikariCP, caching, actuator; 6"
                        + " entities, seeded at start. Database: " + db.description() + ". Configurations: no agent,"
                        + " watchdog-agent (defaults, one target: " + db.agentTarget().get("watchdog.target.db.check") + ")"
                        + (otelName == null ? "" : ", " + otelName + " (exporters off) as the anchor")
                        + (runs.containsKey(LATE) ? ", and `" + LATE + "`: watchdog-agent with its install deferred an hour"
                        + " and a second target on 127.0.0.2 (a host the application never calls, health interval 1 s) that"
                        + " stops listening halfway through the load, so its breaker opens and the instrumentation is installed"
                        + " while requests are served (the database checked by tcp there)" : "")
                        + "; " + s.bigappRounds() + " round(s), the configurations interleaved and their order rotated each round."
                        + " Ready = process start → first 200 from `GET /owners/1` (polled every 20 ms; the seed data is in by"
                        + " then). Then " + s.bigappLoadSeconds() + " s of load from the harness: " + CLIENTS + " clients in a"
                        + " closed loop, 70 % `GET /owners/{id}`, 20 % `GET /owners?lastName=`, 10 % `POST /visits`. RSS ="
                        + " VmRSS, peak = VmHWM (procfs). Agent threads' CPU = utime+stime of the `watchdog-*` threads, sampled"
                        + " every 200 ms from the start (threads that ended keep their last sample). Install figures: the agent's own `instrumentation installed` line (at DEBUG: `watchdog.log.level=debug` in both watchdog-agent configurations; a handful of lines more)."
                        + (otelName == null ? " OpenTelemetry agent: not run (smoke mode, or its jar is missing from"
                        + " benchmarks/target/agents/)." : "")
                        + " Median over rounds; spread min–max; ratio = configuration / no agent. The latency goal is judged"
                        + " where the install runs under load: the same 1-s windows of the other configurations are the control.");
        rows(r, "time to ready", runs, Run::readyNanos, Kind.NANOS, "≤ +3 %",
                (w, n) -> w - n <= GOAL_READY_FRACTION * n);
        rows(r, "CPU time to ready (whole process)", runs, Run::cpuAtReadyNanos, Kind.NANOS, null, null);
        rows(r, "RSS at ready", runs, Run::rssReady, Kind.KIB, "≤ +25 MiB", (w, n) -> w - n <= GOAL_RSS_KIB);
        rows(r, "peak RSS at ready (VmHWM)", runs, Run::hwmReady, Kind.KIB, null, null);
        rows(r, "RSS after " + s.bigappLoadSeconds() + " s of load", runs, Run::rssLoad, Kind.KIB, "≤ +25 MiB",
                (w, n) -> w - n <= GOAL_RSS_KIB);
        rows(r, "peak RSS after the load (VmHWM)", runs, Run::hwmLoad, Kind.KIB, null, null);
        rows(r, "throughput under the load", runs, Run::requestsPerSecond, Kind.PER_SECOND, null, null);
        rows(r, "latency p50", runs, Run::p50, Kind.NANOS, null, null);
        rows(r, "latency p99", runs, Run::p99, Kind.NANOS, null, null);
        rows(r, "latency max", runs, Run::max, Kind.NANOS, null, null);
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            Stats spike = stats(e.getValue(), run -> run.worstWindowP99() / run.p99());
            r.row("worst 1-s window's p99 / the run's p99, whole load (the first windows are the JIT's warm-up), " + e.getKey(),
                    Units.ratio(spike.max()), Spread.plain(spike, "×"), "—", "—", "—", Report.Verdict.INFO);
        }
        int L = s.bigappLoadSeconds();
        String windowFigure = "worst 1-s window's p99 in [" + halfwaySecond(L) + " s, " + spikeEndSecond(L) + " s) of the load / p99 of ["
                + warmSecond(L) + " s, " + halfwaySecond(L) + " s)";
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            Stats spike = stats(e.getValue(), Run::triggerSpike);
            boolean goal = e.getKey().equals(LATE);
            r.row(windowFigure + (goal ? " (the breaker opens at " + halfwaySecond(L) + " s: the install runs)" : "") + ", " + e.getKey(),
                    Units.ratio(spike.max()) + " (worst round)", Spread.plain(spike, "×"), "—", "—", goal ? "≤ 2×" : "—",
                    goal ? Report.verdict(spike.max() <= GOAL_SPIKE) : Report.Verdict.INFO);
        }
        rows(r, "errors (non-2xx or failed requests) under the load", runs, Run::errors, Kind.COUNT, "0 (every configuration)",
                (w, n) -> w == 0 && n == 0);
        rows(r, "classes loaded at the end (actuator jvm.classes.loaded)", runs, Run::classes, Kind.COUNT, null, null);
        rows(r, "CPU time, whole process, at the end", runs, Run::cpuNanos, Kind.NANOS, null, null);
        for (String name : List.of(WATCHDOG, LATE)) {
            if (runs.containsKey(name)) {
                Stats agentCpu = stats(runs.get(name), Run::agentCpuNanos);
                r.row("CPU time of the agent's threads (watchdog-*) from start to the end of the load, " + name,
                        Units.nanos(agentCpu.median()), Spread.nanos(agentCpu), "—", "—", "—", Report.Verdict.INFO);
            }
        }
        installRows(r, WATCHDOG, watchdog);
        if (runs.containsKey(LATE)) {
            installRows(r, LATE, runs.get(LATE));
        }
        if (otel != null) {
            r.note("Anchor: the OpenTelemetry agent against no agent in this run: ready "
                    + Units.percent(median(otel, Run::readyNanos) / median(none, Run::readyNanos) - 1) + ", RSS at ready "
                    + signedMib(median(otel, Run::rssReady) - median(none, Run::rssReady)) + ", after the load "
                    + signedMib(median(otel, Run::rssLoad) - median(none, Run::rssLoad)) + "; watchdog-agent: ready "
                    + Units.percent(median(watchdog, Run::readyNanos) / median(none, Run::readyNanos) - 1) + ", RSS at ready "
                    + signedMib(median(watchdog, Run::rssReady) - median(none, Run::rssReady)) + ", after the load "
                    + signedMib(median(watchdog, Run::rssLoad) - median(none, Run::rssLoad)) + ".");
        }
        r.note("Logs of every start (the application's stdout, the agents' stderr) are kept in the work directory as"
                + " `bigapp-<configuration>-<round>.log`. Goals from issue 15: RSS ≤ +25 MiB at ready and after the load, ready"
                + " ≤ +3 %, install ≤ 200 ms of CPU, no request latency spike above 2× the p99 while it runs: judged on the"
                + " 1-s windows from the breaker's opening on (the install line's time from the start of the load shows"
                + " whether the install fell inside them) against the p99 of the warm part of the load before it.");
    }

    private static void installRows(Report r, String name, List<Run> watchdog) {
        List<Install> installs = watchdog.stream().map(Run::install).filter(i -> i != null).toList();
        if (installs.size() < watchdog.size()) {
            r.row("install (the agent's `instrumentation installed in … (… ms CPU): …` line), " + name,
                    "— (absent in " + (watchdog.size() - installs.size()) + " of " + watchdog.size() + " runs)",
                    "—", "—", "—", "≤ 200 ms CPU", Report.Verdict.INFO);
            if (installs.isEmpty()) {
                return;
            }
        }
        Stats wall = new Stats(installs.stream().mapToDouble(Install::wallNanos).toArray());
        Stats cpu = new Stats(installs.stream().mapToDouble(Install::cpuNanos).toArray());
        r.row("install duration (agent's line), " + name, Units.nanos(wall.median()), Spread.nanos(wall), "—", "—", "—",
                Report.Verdict.INFO);
        r.row("install CPU (agent's line), " + name, Units.nanos(cpu.median()), Spread.nanos(cpu), "—", "—", "≤ 200 ms",
                Report.verdict(cpu.median() <= GOAL_INSTALL_CPU_NS));
        for (String part : List.of("building the hooks", "ByteBuddy's transformer class (generated at run time)",
                "retransforming the loaded classes")) {
            ToDoubleFunction<Install> f = switch (part) {
                case "building the hooks" -> Install::buildCpuNanos;
                case "retransforming the loaded classes" -> Install::retransformCpuNanos;
                default -> Install::transformerCpuNanos;
            };
            double[] values = installs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length > 0) {
                Stats st = new Stats(values);
                r.row("install CPU: " + part + " (agent's line), " + name, Units.nanos(st.median()), Spread.nanos(st), "—",
                        "—", "—", Report.Verdict.INFO);
            }
        }
        for (String what : List.of("classes loaded", "examined", "retransformed")) {
            ToDoubleFunction<Install> f = switch (what) {
                case "classes loaded" -> Install::loaded;
                case "examined" -> Install::examined;
                default -> Install::retransformed;
            };
            Stats st = new Stats(installs.stream().mapToDouble(f).toArray());
            r.row("install: " + what + " (agent's line), " + name, Units.fmt(st.median()), Spread.plain(st, ""), "—", "—", "—",
                    Report.Verdict.INFO);
        }
        Stats at = new Stats(watchdog.stream().filter(run -> run.install() != null)
                .mapToDouble(run -> run.install().atNanos() - run.loadStartNanos()).toArray());
        r.row("install line logged, from the start of the load (negative: before ready), " + name, Units.nanos(at.median()),
                Spread.nanos(at), "—", "—", "—", Report.Verdict.INFO);
    }

    private enum Kind { NANOS, KIB, COUNT, PER_SECOND }

    private interface ProcessProbe {
        void probe(long pid) throws IOException;
    }

    /** Class name prefixes of the agent's own objects and of its libraries, for the live heap's share. */
    private static final List<String> AGENT_PREFIXES = List.of("dev.watchdog.", "net.bytebuddy.", "oshi.", "com.sun.jna.",
            "dev.failsafe.", "org.tinylog.");

    /**
     * One more start of no agent and of watchdog-agent, with Native Memory Tracking, read at the end of the load: the
     * JVM's own account of where the agent's resident memory goes (NMT adds a few MiB of its own to both alike).
     */
    private static String memoryProfile(Settings s, HttpClient http, Path jar, Database db, List<String> watchdogAgent) {
        Map<String, Map<String, Long>> committed = new LinkedHashMap<>();
        Map<String, Map<String, Long>> heap = new LinkedHashMap<>();
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String name : List.of(NONE, WATCHDOG)) {
            List<String> flags = new ArrayList<>(List.of(NativeMemory.FLAG));
            if (name.equals(WATCHDOG)) {
                flags.addAll(watchdogAgent);
            }
            runs.put(name, measure(s, http, jar, db, flags, name + " NMT", 0, null, pid -> {
                committed.put(name, NativeMemory.committed(pid));
                heap.put(name, NativeMemory.liveHeap(pid, AGENT_PREFIXES));
            }));
        }
        if (committed.size() < 2 || heap.size() < 2) {
            return "Where the memory goes: not measured (jcmd did not answer).";
        }
        Map<String, Long> agentHeap = heap.get(WATCHDOG);
        List<String> shares = new ArrayList<>();
        for (String prefix : AGENT_PREFIXES) {
            shares.add(prefix + "* " + agentHeap.get(prefix) + " KiB");
        }
        return "Where watchdog-agent's memory goes: one more start each of no agent and watchdog-agent with `"
                + NativeMemory.FLAG + "`, read at the end of the load (RSS " + Units.mib(runs.get(NONE).rssLoad()) + " → "
                + Units.mib(runs.get(WATCHDOG).rssLoad()) + "). JVM-committed memory by category, no agent → watchdog-agent: "
                + NativeMemory.difference(committed.get(NONE), committed.get(WATCHDOG)) + ". Live heap after a full GC: "
                + heap.get(NONE).get("live heap") / 1024 + " → " + agentHeap.get("live heap") / 1024 + " MiB, of which the"
                + " agent's objects and its libraries': " + String.join(", ", shares) + ".";
    }

    private interface Goal {
        boolean met(double configuration, double none);
    }

    /** One row per configuration; the goal, if any, is judged on watchdog-agent's row against no agent's median. */
    private static void rows(Report r, String figure, Map<String, List<Run>> runs, ToDoubleFunction<Run> f, Kind kind,
                             String goal, Goal met) {
        Stats none = stats(runs.get(NONE), f);
        String otelName = runs.keySet().stream().filter(n -> n.startsWith("OpenTelemetry")).findFirst().orElse(null);
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            Stats st = stats(e.getValue(), f);
            boolean baseline = e.getKey().equals(NONE);
            boolean judged = goal != null && e.getKey().equals(WATCHDOG);
            String ratio = baseline ? "—" : ratio(st.median(), none.median(), kind);
            if (judged && otelName != null && stats(runs.get(otelName), f).median() != 0) {
                ratio += " · vs OTel: " + Units.ratio(st.median() / stats(runs.get(otelName), f).median());
            }
            r.row(figure + ", " + e.getKey(), format(st.median(), kind), spread(st, kind),
                    baseline ? "—" : format(none.median(), kind), ratio,
                    judged ? goal : "—", judged ? Report.verdict(met.met(st.median(), none.median())) : Report.Verdict.INFO);
        }
    }

    private static String ratio(double v, double base, Kind kind) {
        double d = v - base;
        if (base == 0) {
            return (d >= 0 ? "+" : "") + Units.fmt(d);   // no ratio to nothing (errors)
        }
        String delta = kind == Kind.KIB ? signedMib(d) : kind == Kind.NANOS ? (d >= 0 ? "+" : "") + Units.nanos(d)
                : (d >= 0 ? "+" : "") + Units.fmt(d);
        return Units.ratio(v / base) + " (" + delta + ")";
    }

    private static String signedMib(double kib) {
        return (kib >= 0 ? "+" : "") + Units.mib(kib);
    }

    private static String format(double v, Kind kind) {
        return switch (kind) {
            case NANOS -> Units.nanos(v);
            case KIB -> Units.mib(v);
            case COUNT -> Units.fmt(v);
            case PER_SECOND -> Units.fmt(v) + " req/s";
        };
    }

    private static String spread(Stats st, Kind kind) {
        return switch (kind) {
            case NANOS -> Spread.nanos(st);
            case KIB -> Spread.mib(st);
            case COUNT -> Spread.plain(st, "");
            case PER_SECOND -> Spread.plain(st, " req/s");
        };
    }

    private static Stats stats(List<Run> runs, ToDoubleFunction<Run> f) {
        return new Stats(runs.stream().mapToDouble(f).toArray());
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        return stats(runs, f).median();
    }

    /**
     * PostgreSQL on 127.0.0.1:5432 when it accepts connections (the application's tables in a schema of their own,
     * created and dropped by Hibernate; the agent gets a {@code jdbc:} check of it), else the embedded H2 with a
     * {@code tcp://} target to a loopback listener. {@code -Dbench.bigapp.db=h2} forces H2.
     */
    private static Database database(int tcpPort) {
        Map<String, String> target = new LinkedHashMap<>();
        if (!"h2".equals(System.getProperty("bench.bigapp.db")) && listening("127.0.0.1", 5432)) {
            String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
            String user = System.getProperty("bench.bigapp.pg.user", "postgres");
            String password = System.getProperty("bench.bigapp.pg.password", "test");
            target.put("watchdog.target.db.check", url);
            target.put("watchdog.target.db.user", user);
            target.put("watchdog.target.db.password", password);
            return new Database("PostgreSQL on 127.0.0.1:5432 (schema `" + PG_SCHEMA + "`, recreated at each start)",
                    List.of("--spring.datasource.url=" + url + "?currentSchema=" + PG_SCHEMA,
                            "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                            "--spring.jpa.properties.hibernate.default_schema=" + PG_SCHEMA,
                            "--spring.jpa.properties.hibernate.hbm2ddl.create_namespaces=true"),
                    target);
        }
        target.put("watchdog.target.db.check", "tcp://127.0.0.1:" + tcpPort);
        return new Database("embedded H2 in memory (PostgreSQL on 127.0.0.1:5432 not reachable, or -Dbench.bigapp.db=h2);"
                + " the agent's target is a loopback tcp listener", List.of(), target);
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Run measure(Settings s, HttpClient http, Path jar, Database db, List<String> agent, String name, int round,
                               Runnable halfway) {
        return measure(s, http, jar, db, agent, name, round, halfway, pid -> { });
    }

    /** {@code afterLoad}: given the process id once the load is over, before the figures that follow it are read. */
    private static Run measure(Settings s, HttpClient http, Path jar, Database db, List<String> agent, String name, int round,
                               Runnable halfway, ProcessProbe afterLoad) {
        List<String> jvm = new ArrayList<>(JVM_FLAGS);
        jvm.addAll(agent);
        int port = NonEphemeralPorts.free();
        List<String> args = new ArrayList<>(db.appArgs());
        args.add("--server.port=" + port);
        URI base = URI.create("http://127.0.0.1:" + port);
        ProbeJvm app = ProbeJvm.startJar(jvm, jar, args);
        try (AgentThreadCpu agentThreads = new AgentThreadCpu(app.pid())) {
            long ready = awaitReady(app, http, base);
            long pid = app.pid();
            double cpuReady = ProcStat.cpuNanos(pid);
            double rssReady = ProcStat.statusKib(pid, "VmRSS");
            double hwmReady = ProcStat.statusKib(pid, "VmHWM");
            double loadStart = System.nanoTime() - app.startNanos();
            Load load = load(http, base, s.bigappLoadSeconds(), halfway);
            try {
                afterLoad.probe(pid);
            } catch (IOException e) {
                Progress.say("bigapp " + name + ": " + e.getMessage());
            }
            double rssLoad = ProcStat.statusKib(pid, "VmRSS");
            double hwmLoad = ProcStat.statusKib(pid, "VmHWM");
            double classes = classesLoaded(http, base);
            double agentCpu = agentThreads.total();
            double cpu = ProcStat.cpuNanos(pid);
            return new Run(ready, cpuReady, rssReady, hwmReady, rssLoad, hwmLoad, load.requestsPerSecond(), load.errors(),
                    load.p50(), load.p99(), load.worstWindowP99(), load.max(), classes, agentCpu, cpu, install(app), loadStart,
                    load.triggerSpike());
        } finally {
            app.close();
            try {
                Files.writeString(s.workDir().resolve("bigapp-" + name.replaceAll("[^A-Za-z0-9.]+", "-") + "-" + round + ".log"),
                        app.output());
            } catch (IOException e) {
                Progress.say("bigapp: could not keep the log: " + e);
            }
        }
    }

    /**
     * CPU of the agent's threads ({@code watchdog-*}), sampled every 200 ms from the start and once more at the end, so
     * that a thread which ended (the deferred install's, a check's) keeps its last sample; all configurations sample alike.
     */
    private static final class AgentThreadCpu implements AutoCloseable {

        private final long pid;
        private final Map<String, Long> byThread = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bigapp-thread-sampler");
            t.setDaemon(true);
            return t;
        });

        AgentThreadCpu(long pid) {
            this.pid = pid;
            timer.scheduleWithFixedDelay(this::sample, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private void sample() {
            ProcStat.threadCpuNanos(pid, "watchdog-").forEach((tid, nanos) -> byThread.merge(tid, nanos, Math::max));
        }

        double total() {
            sample();
            return byThread.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** Nanoseconds from process start to the first 200 from GET /owners/1, polled every 20 ms. */
    private static long awaitReady(ProbeJvm app, HttpClient http, URI base) {
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/owners/1")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the application exited before it was ready:\n" + app.output());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime() - app.startNanos();
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application was not ready within 5 minutes:\n" + app.output());
            }
            sleep(20);
        }
    }

    /**
     * CLIENTS closed-loop clients for {@code seconds}; latencies of every request, and per 1-s window by the request's
     * start (every window is whole: no request starts after the end). A window with few requests, such as the first
     * ones while the JIT warms up, has the max as its p99: it counts all the same.
     */
    private static Load load(HttpClient http, URI base, int seconds, Runnable halfway) {
        long t0 = System.nanoTime();
        long end = t0 + Duration.ofSeconds(seconds).toNanos();
        int warm = warmSecond(seconds);
        int half = halfwaySecond(seconds);
        int spikeEnd = spikeEndSecond(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            if (halfway != null) {
                pool.submit(() -> {
                    sleep(Math.max(0, t0 + Duration.ofSeconds(half).toNanos() - System.nanoTime()) / 1_000_000);
                    halfway.run();
                });
            }
            List<Future<long[][]>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(c);   // the same request sequence in every configuration
                clients.add(pool.submit(() -> client(http, base, random, t0, end)));
            }
            List<Double> all = new ArrayList<>();
            Map<Long, List<Double>> windows = new TreeMap<>();
            long errors = 0;
            for (Future<long[][]> f : clients) {
                long[][] samples = f.get();   // {start offset, latency, ok}
                for (long[] sample : samples) {
                    all.add((double) sample[1]);
                    windows.computeIfAbsent(sample[0] / 1_000_000_000L, k -> new ArrayList<>()).add((double) sample[1]);
                    errors += sample[2] == 1 ? 0 : 1;
                }
            }
            long wall = System.nanoTime() - t0;
            Stats st = new Stats(all.stream().mapToDouble(Double::doubleValue).toArray());
            double worst = 0;
            double worstAfterHalf = 0;
            List<Double> beforeHalf = new ArrayList<>();
            for (Map.Entry<Long, List<Double>> w : windows.entrySet()) {
                double p99 = new Stats(w.getValue().stream().mapToDouble(Double::doubleValue).toArray()).percentile(99);
                worst = Math.max(worst, p99);
                if (w.getKey() >= half && w.getKey() < spikeEnd) {
                    worstAfterHalf = Math.max(worstAfterHalf, p99);
                } else if (w.getKey() >= warm && w.getKey() < half) {
                    beforeHalf.addAll(w.getValue());
                }
            }
            double reference = beforeHalf.isEmpty() ? Double.NaN
                    : new Stats(beforeHalf.stream().mapToDouble(Double::doubleValue).toArray()).percentile(99);
            return new Load(all.size() / (wall / 1e9), errors, st.median(), st.percentile(99), worst, st.max(),
                    worstAfterHalf / reference);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a load client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The load's seconds: [warm, halfway) is the warm reference, [halfway, spikeEnd) is watched for a spike. */
    private static int warmSecond(int seconds) {
        return seconds / 6;
    }

    private static int halfwaySecond(int seconds) {
        return Math.max(1, seconds / 2);
    }

    private static int spikeEndSecond(int seconds) {
        return Math.min(seconds, halfwaySecond(seconds) + Math.max(1, seconds / 6));
    }

    private static long[][] client(HttpClient http, URI base, Random random, long t0, long end) {
        List<long[]> samples = new ArrayList<>();
        while (System.nanoTime() < end) {
            int kind = random.nextInt(10);
            HttpRequest.Builder b;
            if (kind < 7) {
                b = HttpRequest.newBuilder(base.resolve("/owners/" + (1 + random.nextInt(OWNERS)))).GET();
            } else if (kind < 9) {
                b = HttpRequest.newBuilder(base.resolve("/owners?lastName="
                        + LAST_NAME_PREFIXES.get(random.nextInt(LAST_NAME_PREFIXES.size())))).GET();
            } else {
                b = HttpRequest.newBuilder(base.resolve("/visits")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"petId\":" + (1 + random.nextInt(PETS))
                                + ",\"description\":\"annual check-up\"}"));
            }
            HttpRequest request = b.timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            boolean ok;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                ok = status >= 200 && status < 300;
            } catch (IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            samples.add(new long[] {start - t0, System.nanoTime() - start, ok ? 1 : 0});
        }
        return samples.toArray(new long[0][]);
    }

    /** {@code jvm.classes.loaded} from the actuator: every class loaded in the JVM (agents' own included). */
    private static double classesLoaded(HttpClient http, URI base) {
        try {
            String body = http.send(HttpRequest.newBuilder(base.resolve("/actuator/metrics/jvm.classes.loaded"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The agent's install line, or null when it logged none (no agent, or an agent that does not log it). */
    static Install install(ProbeJvm app) {
        for (ProbeJvm.Line line : app.lines()) {
            Matcher m = INSTALL.matcher(line.text());
            if (m.find()) {
                return new Install(number(m.group(1)) * 1e6, number(m.group(2)) * 1e6, number(m.group(3)), number(m.group(4)),
                        number(m.group(5)), line.nanos() - app.startNanos(), millisOrNaN(m.group(6)),
                        millisOrNaN(m.group(7)), millisOrNaN(m.group(8)));
            }
        }
        return null;
    }

    /** Nanoseconds of a millisecond figure the line may not have (an agent before the install split its CPU). */
    private static double millisOrNaN(String s) {
        return s == null ? Double.NaN : number(s) * 1e6;
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
