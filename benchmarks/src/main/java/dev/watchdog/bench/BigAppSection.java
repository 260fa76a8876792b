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
    private static final int CLIENTS = 4;
    /** What SeedData creates: owners 1..200 and about 400 pets. */
    private static final int OWNERS = 200;
    private static final int PETS = 390;
    private static final List<String> LAST_NAME_PREFIXES = List.of("Fra", "Dav", "Rod", "Sch", "Bla", "Esc", "Col", "McT",
            "Est", "Lea", "Dou", "Car", "Jen", "Ort", "Ste", "Sha", "Hug", "Mor", "Nak", "Web");
    private static final Pattern INSTALL = Pattern.compile("instrumentation installed in ([\\d.,]+) ms \\(([\\d.,]+) ms CPU\\):"
            + " ([\\d,]+) classes loaded, ([\\d,]+) examined, ([\\d,]+) retransformed");
    private static final String PG_SCHEMA = "watchdog_bigapp";

    /** The agent's own figures from its install line; {@code atNanos}: when the line arrived, from process start. */
    record Install(double wallNanos, double cpuNanos, double loaded, double examined, double retransformed, double atNanos) {
    }

    /** One start of the application under one configuration. Sizes in KiB, times in ns. */
    record Run(double readyNanos, double cpuAtReadyNanos, double rssReady, double hwmReady, double rssLoad, double hwmLoad,
               double requestsPerSecond, double errors, double p50, double p99, double worstWindowP99, double max,
               double classes, double agentCpuNanos, double cpuNanos, Install install) {
    }

    private record Load(double requestsPerSecond, double errors, double p50, double p99, double worstWindowP99, double max) {
    }

    private record Database(String description, List<String> appArgs, Map<String, String> agentTarget) {
    }

    private BigAppSection() {
    }

    public static void run(Report r, Settings s) {
        Path jar = ProbeJvm.builtJar("bench.bigapp.jar", APP_JAR);
        Path otel = s.smoke() ? null : StartupSection.otelJar();   // smoke: its start-up alone costs tens of seconds here
        try (Dependency tcp = Dependency.tcpListener()) {
            Database db = database(tcp.port());
            Map<String, String> config = new LinkedHashMap<>(db.agentTarget());
            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put(NONE, List.of());
            configs.put(WATCHDOG, List.of(ProbeJvm.watchdogAgent(s.workDir(), "bigapp", config)));
            String otelName = null;
            if (otel != null) {
                otelName = "OpenTelemetry agent " + StartupSection.otelVersion(otel);
                configs.put(otelName, List.of("-javaagent:" + otel,
                        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
            }
            List<String> names = new ArrayList<>(configs.keySet());
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            names.forEach(n -> runs.put(n, new ArrayList<>()));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            for (int round = 0; round < s.bigappRounds(); round++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((round + k) % names.size());   // each configuration takes each place in turn
                    Run run = measure(s, http, jar, db, configs.get(name), name, round);
                    runs.get(name).add(run);
                    Progress.say("bigapp round " + (round + 1) + "/" + s.bigappRounds() + ", " + name + ": ready "
                            + Units.nanos(run.readyNanos()) + ", RSS " + Units.mib(run.rssReady()) + " → " + Units.mib(run.rssLoad())
                            + ", " + Units.fmt(run.requestsPerSecond()) + " req/s, p99 " + Units.nanos(run.p99())
                            + ", classes " + Units.fmt(run.classes()));
                }
            }
            report(r, s, db, runs, otelName);
        }
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
                        + "; " + s.bigappRounds() + " round(s), the configurations interleaved and their order rotated each round."
                        + " Ready = process start → first 200 from `GET /owners/1` (polled every 20 ms; the seed data is in by"
                        + " then). Then " + s.bigappLoadSeconds() + " s of load from the harness: " + CLIENTS + " clients in a"
                        + " closed loop, 70 % `GET /owners/{id}`, 20 % `GET /owners?lastName=`, 10 % `POST /visits`. RSS ="
                        + " VmRSS, peak = VmHWM (procfs). Agent threads' CPU = utime+stime of the live `watchdog-*` threads at"
                        + " the end. Install figures: the agent's own `instrumentation installed` line."
                        + (otelName == null ? " OpenTelemetry agent: not run (smoke mode, or its jar is missing from"
                        + " benchmarks/target/agents/)." : "")
                        + " Median over rounds; spread min–max; ratio = configuration / no agent.");
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
            boolean goal = e.getKey().equals(WATCHDOG);
            r.row("worst 1-s window's p99 / the run's p99, " + e.getKey(), Units.ratio(spike.max()),
                    Spread.plain(spike, "×"), "—", "—", goal ? "≤ 2× (worst round)" : "—",
                    goal ? Report.verdict(spike.max() <= GOAL_SPIKE) : Report.Verdict.INFO);
        }
        rows(r, "errors (non-2xx or failed requests) under the load", runs, Run::errors, Kind.COUNT, "0 (every configuration)",
                (w, n) -> w == 0 && n == 0);
        rows(r, "classes loaded at the end (actuator jvm.classes.loaded)", runs, Run::classes, Kind.COUNT, null, null);
        rows(r, "CPU time, whole process, at the end", runs, Run::cpuNanos, Kind.NANOS, null, null);
        Stats agentCpu = stats(watchdog, Run::agentCpuNanos);
        r.row("CPU time of the agent's live threads (watchdog-*) at the end, " + WATCHDOG, Units.nanos(agentCpu.median()),
                Spread.nanos(agentCpu), "—", "—", "—", Report.Verdict.INFO);
        installRows(r, watchdog, none);
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
                + " ≤ +3 %, install ≤ 200 ms of CPU, no 1-s window of the load whose p99 exceeds 2× the run's p99.");
    }

    private static void installRows(Report r, List<Run> watchdog, List<Run> none) {
        List<Install> installs = watchdog.stream().map(Run::install).filter(i -> i != null).toList();
        if (installs.size() < watchdog.size()) {
            r.row("install (the agent's `instrumentation installed in … (… ms CPU): …` line)",
                    "— (absent in " + (watchdog.size() - installs.size()) + " of " + watchdog.size() + " runs)",
                    "—", "—", "—", "≤ 200 ms CPU", Report.Verdict.INFO);
            if (installs.isEmpty()) {
                return;
            }
        }
        Stats wall = new Stats(installs.stream().mapToDouble(Install::wallNanos).toArray());
        Stats cpu = new Stats(installs.stream().mapToDouble(Install::cpuNanos).toArray());
        r.row("install duration (agent's line), " + WATCHDOG, Units.nanos(wall.median()), Spread.nanos(wall), "—", "—", "—",
                Report.Verdict.INFO);
        r.row("install CPU (agent's line), " + WATCHDOG, Units.nanos(cpu.median()), Spread.nanos(cpu), "—", "—", "≤ 200 ms",
                Report.verdict(cpu.median() <= GOAL_INSTALL_CPU_NS));
        for (String what : List.of("classes loaded", "examined", "retransformed")) {
            ToDoubleFunction<Install> f = switch (what) {
                case "classes loaded" -> Install::loaded;
                case "examined" -> Install::examined;
                default -> Install::retransformed;
            };
            Stats st = new Stats(installs.stream().mapToDouble(f).toArray());
            r.row("install: " + what + " (agent's line), " + WATCHDOG, Units.fmt(st.median()), Spread.plain(st, ""), "—", "—", "—",
                    Report.Verdict.INFO);
        }
        Stats at = new Stats(installs.stream().mapToDouble(Install::atNanos).toArray());
        r.row("install line logged, from process start (ready: " + Units.nanos(median(watchdog, Run::readyNanos))
                        + "; the load starts after ready)", Units.nanos(at.median()), Spread.nanos(at), "—", "—", "—",
                Report.Verdict.INFO);
    }

    private enum Kind { NANOS, KIB, COUNT, PER_SECOND }

    private interface Goal {
        boolean met(double configuration, double none);
    }

    /** One row per configuration; the goal, if any, is judged on watchdog-agent's row against no agent's median. */
    private static void rows(Report r, String figure, Map<String, List<Run>> runs, ToDoubleFunction<Run> f, Kind kind,
                             String goal, Goal met) {
        Stats none = stats(runs.get(NONE), f);
        String otelName = runs.keySet().stream().filter(n -> !n.equals(NONE) && !n.equals(WATCHDOG)).findFirst().orElse(null);
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            Stats st = stats(e.getValue(), f);
            boolean baseline = e.getKey().equals(NONE);
            boolean judged = goal != null && e.getKey().equals(WATCHDOG);
            String ratio = baseline ? "—" : ratio(st.median(), none.median(), kind);
            if (judged && otelName != null) {
                ratio += " · vs OTel: " + Units.ratio(st.median() / stats(runs.get(otelName), f).median());
            }
            r.row(figure + ", " + e.getKey(), format(st.median(), kind), spread(st, kind),
                    baseline ? "—" : format(none.median(), kind), ratio,
                    judged ? goal : "—", judged ? Report.verdict(met.met(st.median(), none.median())) : Report.Verdict.INFO);
        }
    }

    private static String ratio(double v, double base, Kind kind) {
        double d = v - base;
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

    private static Run measure(Settings s, HttpClient http, Path jar, Database db, List<String> agent, String name, int round) {
        List<String> jvm = new ArrayList<>(JVM_FLAGS);
        jvm.addAll(agent);
        int port = NonEphemeralPorts.free();
        List<String> args = new ArrayList<>(db.appArgs());
        args.add("--server.port=" + port);
        URI base = URI.create("http://127.0.0.1:" + port);
        ProbeJvm app = ProbeJvm.startJar(jvm, jar, args);
        try {
            long ready = awaitReady(app, http, base);
            long pid = app.pid();
            double cpuReady = ProcStat.cpuNanos(pid);
            double rssReady = ProcStat.statusKib(pid, "VmRSS");
            double hwmReady = ProcStat.statusKib(pid, "VmHWM");
            Load load = load(http, base, s.bigappLoadSeconds());
            double rssLoad = ProcStat.statusKib(pid, "VmRSS");
            double hwmLoad = ProcStat.statusKib(pid, "VmHWM");
            double classes = classesLoaded(http, base);
            double agentCpu = ProcStat.threadsNamed(pid, "watchdog-")[1];
            double cpu = ProcStat.cpuNanos(pid);
            return new Run(ready, cpuReady, rssReady, hwmReady, rssLoad, hwmLoad, load.requestsPerSecond(), load.errors(),
                    load.p50(), load.p99(), load.worstWindowP99(), load.max(), classes, agentCpu, cpu, install(app));
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
    private static Load load(HttpClient http, URI base, int seconds) {
        long t0 = System.nanoTime();
        long end = t0 + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
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
            for (List<Double> w : windows.values()) {
                worst = Math.max(worst, new Stats(w.stream().mapToDouble(Double::doubleValue).toArray()).percentile(99));
            }
            return new Load(all.size() / (wall / 1e9), errors, st.median(), st.percentile(99), worst, st.max());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a load client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
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
                        number(m.group(5)), line.nanos() - app.startNanos());
            }
        }
        return null;
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
