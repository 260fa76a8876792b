package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.LoadClients;
import dev.watchdog.testapps.support.LoadClients.Request;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.PhaseTable;
import dev.watchdog.testapps.support.PhaseTable.Figures;
import dev.watchdog.testapps.support.PhaseTable.Phase;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real application end to end, with and without the agent in one test. Two instances of a Spring Boot web service
 * ({@code test-apps/spring-boot-web-app}: Tomcat, JdbcTemplate over HikariCP, pgjdbc or MariaDB's driver) run side by
 * side, one with {@code -javaagent} and the configuration a user writes (the database as a {@code jdbc:} check, every
 * other setting at its default), one without; each reaches the real local database through its own {@link TcpProxy},
 * and the two proxies are switched together. Four clients per instance issue requests that each run a query, through
 * the phases healthy, blackholed, back, refused, back. A table of both runs is printed and written to
 * {@code target/realapp-<database>.txt}.
 *
 * <p>Asserted with the agent (every failure message carries the table): no error while healthy; during an outage the
 * requests started after the agent's DOWN line (or from its start, if the agent was still DOWN then) fail with p99
 * under {@value #FAIL_FAST_P99_MS} ms (or twice the healthy phase's p99 with the agent, when the shared machine makes
 * even healthy requests slower than that) and none hangs, and those already running when it came (blocked on the dead
 * database) end within {@value #RELEASE_MS} ms of it (or of the proxies' switch, when that ends later); after each
 * return the first success within {@value #FIRST_SUCCESS_MS} ms and no error from {@value #SETTLE_MS} ms on. A request
 * still running when the next outage begins is that outage's: its error does not count against the healthy phase
 * (unless it had run over {@link PhaseTable#HUNG_MS} ms by then: it hung while the database was healthy).
 * Without the agent the figures are only reported: they show what the agent is for.
 *
 * <p>Short phases by default; {@code -Dwatchdog.realapp.full=true} runs the full ones (20 s blackholed, 10 s refused).
 */
class RealApplicationTest {

    private static final Path JAR = Path.of(System.getProperty("watchdog.realapp.jar", "spring-boot-web-app/target/spring-boot-web-app.jar"));
    private static final boolean FULL = Boolean.getBoolean("watchdog.realapp.full");
    private static final Duration HEALTHY = Duration.ofSeconds(FULL ? 10 : 3);
    /** Long enough to see the pool recover without the agent after the refusal (about 3.3 s here). */
    private static final Duration BACK = Duration.ofSeconds(FULL ? 10 : 4);
    /**
     * Longer than a detection at the defaults takes: interval 5 s, +10 % jitter, a 1 s timeout, and while the
     * application's own calls still succeed, a second failed check 500 ms later (7.3 s seen here).
     */
    private static final Duration BLACKHOLED = Duration.ofSeconds(FULL ? 20 : 10);
    private static final Duration REFUSED = Duration.ofSeconds(FULL ? 10 : 7);
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final int CLIENTS = 4;
    private static final long PERIOD_MS = 50;

    private static final long FAIL_FAST_P99_MS = 50;
    private static final long RELEASE_MS = 100;
    private static final long FIRST_SUCCESS_MS = 1_000;
    private static final long SETTLE_MS = 2_000;

    private static final Pattern LISTENING = Pattern.compile("^APP listening port=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void postgresql() throws Exception {
        LocalServers.requirePostgres();
        run("postgresql", LocalServers.POSTGRES_PORT, "jdbc:postgresql://127.0.0.1:%d/test", "postgres");
    }

    @Test
    void mariadb() throws Exception {
        LocalServers.requireMariaDb();
        run("mariadb", LocalServers.MARIADB_PORT, "jdbc:mariadb://127.0.0.1:%d/test", "root");
    }

    private void run(String database, int port, String url, String user) throws Exception {
        long begin = System.nanoTime();
        try (TcpProxy withProxy = new TcpProxy(port); TcpProxy withoutProxy = new TcpProxy(port)) {
            Path config = WatchdogConfig.defaults().target("db", url.formatted(withProxy.port()))
                    .set("watchdog.target.db.user", user).write(dir);
            try (ChildJvm with = start(Children.jar(JAR, "with-agent").agent(AgentOutput.jar(), config), url, withProxy, user);
                 ChildJvm without = start(Children.jar(JAR, "without-agent"), url, withoutProxy, user);
                 LoadClients withClients = new LoadClients("with-agent", ready(with), CLIENTS, PERIOD_MS).start();
                 LoadClients withoutClients = new LoadClients("without-agent", ready(without), CLIENTS, PERIOD_MS).start()) {
                System.out.printf("both applications answer %d ms after the start%n", (System.nanoTime() - begin) / 1_000_000);
                TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis()); // pools filled, code warm: not measured
                TcpProxy[] proxies = {withProxy, withoutProxy};
                List<Phase> phases = List.of(
                        hold("healthy", Mode.FORWARD, HEALTHY, proxies),
                        hold("blackholed", Mode.BLACKHOLE, BLACKHOLED, proxies),
                        hold("back", Mode.FORWARD, BACK, proxies),
                        hold("refused", Mode.REFUSE, REFUSED, proxies),
                        hold("back", Mode.FORWARD, BACK, proxies));
                long now = System.nanoTime();
                List<Request> withRequests = withClients.requests();
                List<Request> withoutRequests = withoutClients.requests();

                List<String> notes = new ArrayList<>();
                List<String> violations = check(phases, withRequests, with.stderr(), withProxy.hostPort(), now, notes);
                String title = String.format("%s, %s phases: Spring Boot + HikariCP (connectionTimeout 3 s, 10 connections) + %s,"
                                + " %d clients each a request per %d ms at most; agent config: %s",
                        database, FULL ? "full" : "short", url.formatted(0).replace(":0/", ":PROXY/"), CLIENTS, PERIOD_MS,
                        Files.readString(config).lines().filter(l -> !l.startsWith("#")).toList());
                String table = PhaseTable.render(title, phases, withRequests, withoutRequests, now)
                        + "with agent: " + String.join("\n            ", notes) + "\n";
                write(database, table, violations);
                System.out.printf("phases done %d ms after the start%n", (System.nanoTime() - begin) / 1_000_000);
                if (!violations.isEmpty()) {
                    fail("with the agent:\n- " + String.join("\n- ", violations) + "\n\n" + table);
                }
            }
        }
    }

    /** Prints the table and writes it, with the verdict, to {@code target/realapp-<database>.txt} to be quoted. */
    private static void write(String database, String table, List<String> violations) throws IOException {
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "realapp-" + database + ".txt"), table
                + (violations.isEmpty() ? "all with-agent assertions hold\n" : "FAILED:\n" + String.join("\n", violations) + "\n"));
    }

    private static ChildJvm start(ChildJvm.Builder app, String url, TcpProxy proxy, String user) throws IOException {
        return app.args("--server.port=0", "--spring.datasource.url=" + url.formatted(proxy.port()),
                "--spring.datasource.username=" + user).start();
    }

    /** The application's /query once it answers 200: Tomcat listens, the pool has connected. */
    private static URI ready(ChildJvm app) throws Exception {
        Line line = app.awaitLine(ChildJvm.Stream.STDOUT, LISTENING, 0, Duration.ofSeconds(90));
        Matcher m = LISTENING.matcher(line.text());
        m.find();
        URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/query");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return uri;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no 200 from " + uri + " within 30 s: " + r.statusCode() + " " + r.body() + "\n" + app.describe());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Switches every proxy to {@code mode}, then waits {@code length}. */
    private static Phase hold(String name, Mode mode, Duration length, TcpProxy... proxies) throws Exception {
        long start = System.nanoTime();
        for (TcpProxy p : proxies) {
            switch (mode) {
                case FORWARD -> p.forward();
                case BLACKHOLE -> p.blackhole();
                case REFUSE -> p.refuse();
                default -> throw new IllegalArgumentException(mode.name());
            }
        }
        long switched = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(start + length.toNanos() - switched);
        return new Phase(name, mode, start, switched, System.nanoTime());
    }

    /** The with-agent promises, one message per one broken; what the agent did per phase goes to {@code notes}. */
    private static List<String> check(List<Phase> phases, List<Request> requests, List<Line> stderr, String hostPort,
                                      long now, List<String> notes) {
        List<String> violations = new ArrayList<>();
        // the fat jar's driver is found through its threads' context loader, from the first check: the check never
        // waits for the application to connect, nor forces the instrumentation's install while the application starts
        stderr.stream().filter(l -> l.text().contains("no JDBC driver")).findFirst()
                .ifPresent(l -> violations.add("the jdbc: check did not find the application's driver: " + l.text()));
        Pattern downLine = AgentOutput.health("db", "DOWN", hostPort);
        Pattern upLine = AgentOutput.health("db", "UP", hostPort);
        Phase first = phases.get(0);
        List<Request> healthyErrors = errorsWithin(requests, first.startNanos(), first);
        if (!healthyErrors.isEmpty()) {
            violations.add(first.name() + ": " + healthyErrors.size() + " errors (or hung at its end), none allowed: "
                    + PhaseTable.describe(firstFive(healthyErrors), first.startNanos(), "the phase began"));
        }
        // a rejected request may cost what a healthy one costs on this machine at this moment, twice over: the machine is
        // shared by both applications and their clients, and a request that waited on the database costs seconds
        long healthyP99 = Figures.of(PhaseTable.startedIn(requests, first.startNanos(), first.endNanos()), now).p99Nanos();
        long failFastNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(FAIL_FAST_P99_MS), 2 * healthyP99);
        for (Phase p : phases.subList(1, phases.size())) {
            if (p.outage()) {
                checkOutage(p, requests, downSince(stderr, downLine, upLine, p), now, failFastNanos, notes, violations);
            } else {
                checkReturn(p, requests, stderr.stream().filter(l -> p.contains(l.nanos()) && upLine.matcher(l.text()).find())
                        .findFirst(), notes, violations);
            }
        }
        return violations;
    }

    /**
     * When the agent's breaker for the database opened in outage {@code p}: its first DOWN line in the phase, or the
     * phase's start if the agent was still DOWN when it began (its last health line before it a DOWN); empty if neither.
     */
    private static OptionalLong downSince(List<Line> stderr, Pattern downLine, Pattern upLine, Phase p) {
        List<Line> health = stderr.stream().filter(l -> downLine.matcher(l.text()).find() || upLine.matcher(l.text()).find()).toList();
        boolean downBefore = health.stream().filter(l -> l.nanos() < p.startNanos()).reduce((a, b) -> b)
                .map(l -> downLine.matcher(l.text()).find()).orElse(false);
        if (downBefore) {
            return OptionalLong.of(p.startNanos());
        }
        return health.stream().filter(l -> p.contains(l.nanos()) && downLine.matcher(l.text()).find())
                .mapToLong(Line::nanos).findFirst();
    }

    /**
     * The requests started from {@code fromNanos} on in healthy phase {@code p} that failed in it, or were still running
     * at its end after more than {@link PhaseTable#HUNG_MS}: what a request still running at the end became afterwards
     * is the next outage's doing.
     */
    private static List<Request> errorsWithin(List<Request> requests, long fromNanos, Phase p) {
        long end = p.endNanos();
        return PhaseTable.startedIn(requests, fromNanos, end).stream().filter(r -> r.failed() && r.endNanos() <= end
                || (!r.finished() || r.endNanos() > end) && end - r.startNanos() > TimeUnit.MILLISECONDS.toNanos(PhaseTable.HUNG_MS))
                .toList();
    }

    private static List<Request> firstFive(List<Request> requests) {
        return requests.subList(0, Math.min(5, requests.size()));
    }

    private static void checkOutage(Phase p, List<Request> requests, OptionalLong down, long now, long failFastNanos,
                                    List<String> notes, List<String> violations) {
        if (down.isEmpty()) {
            notes.add(p.name() + ": no DOWN line");
            violations.add(p.name() + ": the agent printed no DOWN line for the database within the phase ("
                    + PhaseTable.ms(p.endNanos() - p.startNanos()) + " ms)");
            return;
        }
        long d = down.getAsLong();
        List<Request> after = PhaseTable.startedIn(requests, d, p.endNanos());
        Figures f = Figures.of(after, now);
        // blocked when the outage began or before DOWN: released once the breaker opens (or the proxies' switch is done)
        List<Request> blocked = requests.stream().filter(r -> r.startNanos() < d
                && (!r.finished() || r.endNanos() > p.startNanos())).toList();
        long releaseBy = Math.max(d, p.switchedNanos()) + TimeUnit.MILLISECONDS.toNanos(RELEASE_MS);
        List<Request> late = blocked.stream().filter(r -> !r.finished() || r.endNanos() > releaseBy).toList();
        notes.add(String.format("%s: %s; %d requests started after DOWN (%d errors, p99 %s ms, max %s ms);"
                        + " %d running at DOWN, %d of them still running %d ms after it",
                p.name(), d == p.startNanos() ? "still DOWN when it began" : "DOWN " + PhaseTable.ms(d - p.startNanos()) + " ms after it began",
                f.requests(), f.errors(), PhaseTable.ms(f.p99Nanos()),
                PhaseTable.ms(f.maxNanos()), blocked.size(), late.size(), RELEASE_MS));
        if (f.p99Nanos() > failFastNanos) {
            violations.add(p.name() + ": requests started after DOWN: p99 " + PhaseTable.ms(f.p99Nanos()) + " ms, over "
                    + PhaseTable.ms(failFastNanos) + " ms (" + FAIL_FAST_P99_MS + " ms, or twice the healthy phase's p99)");
        }
        if (f.errors() != f.requests()) {
            violations.add(p.name() + ": " + (f.requests() - f.errors()) + " of " + f.requests()
                    + " requests started after DOWN did not fail (an answer from a dead database, or still running)");
        }
        if (f.hung() > 0) {
            violations.add(p.name() + ": " + f.hung() + " requests started after DOWN hung (over " + PhaseTable.HUNG_MS + " ms)");
        }
        if (!late.isEmpty()) {
            violations.add(p.name() + ": requests running when DOWN came not released within " + RELEASE_MS + " ms of it: "
                    + PhaseTable.describe(late, d, "DOWN"));
        }
    }

    private static void checkReturn(Phase p, List<Request> requests, Optional<Line> up, List<String> notes, List<String> violations) {
        long firstOk = PhaseTable.firstSuccessNanos(requests, p.startNanos(), p.endNanos());
        long settled = p.startNanos() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        List<Request> errors = errorsWithin(requests, settled, p);
        notes.add(String.format("%s: UP %s; first success %s after the return; %d errors (or hung at its end) from %d ms on", p.name(),
                up.map(l -> PhaseTable.ms(l.nanos() - p.startNanos()) + " ms after the return").orElse("never in the phase"),
                firstOk < 0 ? "never" : PhaseTable.ms(firstOk) + " ms", errors.size(), SETTLE_MS));
        if (firstOk < 0 || firstOk > TimeUnit.MILLISECONDS.toNanos(FIRST_SUCCESS_MS)) {
            violations.add(p.name() + ": first success " + (firstOk < 0 ? "never" : PhaseTable.ms(firstOk) + " ms")
                    + " after the return, over " + FIRST_SUCCESS_MS + " ms");
        }
        if (!errors.isEmpty()) {
            violations.add(p.name() + ": " + errors.size() + " errors (or hung at its end) from " + SETTLE_MS + " ms after the return: "
                    + PhaseTable.describe(firstFive(errors), p.startNanos(), "the return"));
        }
    }
}
