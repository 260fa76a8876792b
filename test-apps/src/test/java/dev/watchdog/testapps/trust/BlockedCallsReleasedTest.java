package dev.watchdog.testapps.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Calls already waiting are released" ({@code watchdog.breaker.release-waiting}, default true): twenty
 * threads each hold a HikariCP connection to PostgreSQL (through a proxy) and run {@code SELECT pg_sleep(1)}
 * on it again and again, so a query is always in flight. The proxy is blackholed: without help every one
 * of them would wait forever (pgjdbc reads without a timeout). Each must end with an exception, the agent's
 * rejection or the driver's connection error (SQLState 08...), within 100 ms of the agent's DOWN line (itself
 * within the detection bound of the blackhole). With the proxy forwarding again, every thread gets fresh
 * pooled connections that work, and the pool leaks none: at the end no connection is active and the
 * total is within the pool's maximum. Twice: the pool opened as the application starts (the agent records
 * connections "from the application's first one"), and opened once the agent runs.
 *
 * <p>The check goes through a second proxy to the same server, blackholed and restored together with the
 * application's, and opens only the application's host ({@code hosts=}): the outage is the same, but the
 * recovery does not depend on how the agent's own check passes its own open breaker
 * (OwnChecksAlwaysReachTest's subject).
 *
 * <p>Before the feature landed (main at b814fdc) no query in flight was released: they stayed blocked
 * until the proxy forwarded again, then completed. A failure names the threads whose connection was opened
 * before the agent's started line.
 */
class BlockedCallsReleasedTest {

    private static final int THREADS = 20;
    private static final int FRESH_CALLS = 5;
    private static final long MAX_SECONDS = 30;
    /** Well after the agent's started line (about 1.5 s on two busy cores). */
    private static final long OPEN_LATER_MS = 4_000;
    /** The promise under test: released this soon after the breaker opened. */
    private static final Duration RELEASE = Duration.ofMillis(100);
    /** How long the blackhole is held after the DOWN line: far beyond the release bound. */
    private static final Duration HOLD = Duration.ofMillis(1_500);
    private static final Pattern HELD = Pattern.compile("^HELD (\\d+) (OK|FAIL)(?: (\\S+) (\\S+))? (\\d+)us at=(\\d+)(?: (.*))?$");
    private static final Pattern FRESH = Pattern.compile("^FRESH (\\d+) ok=(\\d+)$");
    private static final Pattern POOL_FINAL = Pattern.compile(
            "^POOL final active=(\\d+) idle=(\\d+) total=(\\d+) waiting=(\\d+) max=(\\d+)$");

    /**
     * One HELD line: a query on a held connection. {@code nanos}: when the test read it; {@code atMillis}: when it
     * ended, by the application's own clock, the one the agent's lines are stamped with (two pipes read by a
     * loaded test JVM disagree by tens of milliseconds).
     */
    private record Held(long nanos, int thread, boolean ok, String exception, String sqlState, long micros, long atMillis,
                        String message) {
        static Optional<Held> parse(Line line) {
            Matcher m = HELD.matcher(line.text());
            return m.matches() ? Optional.of(new Held(line.nanos(), Integer.parseInt(m.group(1)), m.group(2).equals("OK"),
                    m.group(3), m.group(4), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                    m.group(7) == null ? "" : m.group(7))) : Optional.empty();
        }

        /** The agent's rejection, or the driver's connection error. */
        boolean released(String hostPort) {
            return !ok && (message.startsWith(AgentOutput.rejectionPrefix(hostPort)) || sqlState.startsWith("08"));
        }
    }

    @TempDir
    Path dir;

    /** The pool opened as the application starts, while the agent is still installing itself. */
    @Test
    void poolOpenedAtTheApplicationsStart() throws Exception {
        releasedWhenTheBreakerOpens(0);
    }

    /** The pool opened once the agent runs: the release itself, whatever the start-up. */
    @Test
    void poolOpenedOnceTheAgentRuns() throws Exception {
        releasedWhenTheBreakerOpens(OPEN_LATER_MS);
    }

    private void releasedWhenTheBreakerOpens(long openAfterMs) throws Exception {
        LocalServers.requirePostgres();
        try (TcpProxy appProxy = new TcpProxy(LocalServers.POSTGRES_PORT);
             TcpProxy checkProxy = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            String hostPort = appProxy.hostPort();
            Path config = WatchdogConfig.fast().target("db", "jdbc:postgresql://" + checkProxy.hostPort() + "/test")
                    .set("watchdog.target.db.user", "postgres").set("watchdog.target.db.hosts", hostPort).write(dir);
            try (ChildJvm app = Children.withAgent(HeldConnectionsApp.class, config).args("jdbc:postgresql://" + hostPort
                    + "/test", "postgres", "", THREADS, "SELECT pg_sleep(1)", FRESH_CALLS, MAX_SECONDS, openAfterMs).start()) {
                long started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP).nanos();
                for (int i = 0; i < THREADS; i++) {
                    app.awaitLine(Stream.STDOUT, Pattern.compile("^HELD " + i + " OK "), started, FailFast.STARTUP);
                }
                List<String> failures = new ArrayList<>();

                long switched = System.nanoTime();
                appProxy.blackhole();
                checkProxy.blackhole();
                Line down = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", hostPort), switched, FailFast.DETECTION);
                FailFast.sleep(HOLD);

                long restored = System.nanoTime();
                appProxy.forward();
                checkProxy.forward();
                Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", hostPort), restored, FailFast.DETECTION);
                assertTrue(app.awaitExit(Duration.ofSeconds(MAX_SECONDS + 30)) == 0, () -> "exit code\n" + app.describe());

                List<Held> held = app.stdout().stream().map(Held::parse).flatMap(Optional::stream).toList();
                int released = 0;
                for (int i = 0; i < THREADS; i++) {
                    int thread = i;
                    // the query each thread had in flight when the breaker opened: its first to end after the
                    // blackhole, unless that one passed before the DOWN line (its answer was through already)
                    Optional<Held> end = held.stream().filter(h -> h.thread() == thread && h.nanos() >= switched
                            && !(h.ok() && h.nanos() < down.nanos())).findFirst();
                    String verdict = end.isEmpty() ? "its query never ended" : verdict(end.get(), hostPort, down, restored);
                    if (verdict != null) {
                        boolean early = app.awaitLine(Stream.STDOUT, Pattern.compile("^HELD " + i + " CONNECTED$"), 0,
                                Duration.ZERO).nanos() < started;
                        failures.add("thread " + i + (early ? " (connection opened before the agent's started line)" : "")
                                + ": " + verdict);
                        continue;
                    }
                    released++;
                    Line fresh = app.awaitLine(Stream.STDOUT, Pattern.compile("^FRESH " + i + " "), switched, Duration.ZERO);
                    if (!fresh.text().equals("FRESH " + i + " ok=" + FRESH_CALLS)) {
                        failures.add("thread " + i + ": the pool did not serve it " + FRESH_CALLS
                                + " working connections after the database was back: " + fresh.text());
                    }
                }
                Line pool = app.awaitLine(Stream.STDOUT, POOL_FINAL, restored, Duration.ZERO);
                Matcher m = POOL_FINAL.matcher(pool.text());
                assertTrue(m.matches());
                if (Integer.parseInt(m.group(1)) != 0 || Integer.parseInt(m.group(3)) > Integer.parseInt(m.group(5))) {
                    failures.add("the pool leaked connections: " + pool.text());
                }
                long rejectedFresh = CallLine.all(app).stream().filter(c -> c.kind().equals("fresh") && c.isRejection()).count();
                System.out.printf("blackholed: DOWN %d ms after, %d of %d in-flight queries released within %d ms of it; UP %d ms"
                                + " after the forward; %d fresh calls rejected while DOWN; %s%n",
                        millis(down.nanos() - switched), released, THREADS, RELEASE.toMillis(),
                        millis(up.nanos() - restored), rejectedFresh, pool.text());
                assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
            }
        }
    }

    /** Null when {@code end} was released as promised; else what happened instead. */
    private static String verdict(Held end, String hostPort, Line downLine, long restored) {
        // by the application's clock: the agent stamps its DOWN line with the time it opened the breaker
        long afterDown = end.atMillis() - Instant.parse(downLine.text().substring(0, downLine.text().indexOf(' '))).toEpochMilli();
        if (end.ok()) {
            return "its query in flight was not released: it waited" + (end.nanos() > restored ? " until the proxy forwarded again" : "")
                    + " and passed " + afterDown + " ms after the DOWN line";
        }
        if (!end.released(hostPort)) {
            return "its query ended " + afterDown + " ms after the DOWN line, but not with the agent's rejection or a"
                    + " connection error (SQLState 08...): " + end;
        }
        if (afterDown > RELEASE.toMillis()) {
            return "released " + afterDown + " ms after the DOWN line by the application's clock (bound " + RELEASE.toMillis() + " ms)"
                    + (end.nanos() > restored ? ", after the proxy forwarded again" : "") + ": " + end;
        }
        return null;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
