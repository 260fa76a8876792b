package dev.watchdog.testapps.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The agent's own work always reaches the dependency." One application that calls nothing itself,
 * with one target of every check kind a user writes (tcp://, http://, jdbc:h2:tcp, jdbc:postgresql,
 * jdbc:mariadb, redis://, amqp://), each behind its own proxy, the instrumentation installed at start and the
 * socket fallback on (the default): while a target is DOWN its breaker is open, and the agent must not
 * refuse its own check of that host, on whatever thread the client library connects. All proxies are
 * cycled together, three times through refused, blackholed and slow (each chunk held twice the check's
 * timeout; a tcp:// check only connects, which a blackholed or slow proxy still answers at once, so its
 * proxy is only refused): each fault must make every faulted target DOWN, and every return be followed by its
 * UP line within interval + timeout + 1 s of the proxy forwarding again (times on the test's clock).
 *
 * <p>Every target is judged to the end (one that failed is dropped from later cycles) and all failures
 * reported together. Failed on main at b814fdc (before 4e4ca41) for jdbc:postgresql only: pgjdbc with a
 * login timeout connects on its own "PostgreSQL JDBC driver connection thread", which the agent did not
 * recognise as its own, so after the first DOWN the open breaker refused the check itself and the target
 * never came UP again.
 */
class OwnChecksAlwaysReachTest {

    private static final int CYCLES = 3;
    private static final Duration SLOW = Duration.ofMillis(2 * WatchdogConfig.TIMEOUT_MS);
    /** Seven checks share the agent's scheduler on a loaded two-core machine: one more interval than a single target's bound. */
    private static final Duration DOWN_WITHIN = FailFast.DETECTION.plusMillis(WatchdogConfig.INTERVAL_MS);
    /** The promise under test: back within one interval, one timeout and a second. */
    private static final Duration UP_WITHIN = Duration.ofMillis(WatchdogConfig.INTERVAL_MS + WatchdogConfig.TIMEOUT_MS + 1_000);
    /** How long a missed UP is still awaited, to tell "late" from "never" in the report. */
    private static final Duration LATE_UP = Duration.ofSeconds(5);
    /** Each outage is held this long: several checks fail while the breaker is open. */
    private static final Duration HOLD = Duration.ofSeconds(1);

    private enum Fault { REFUSED, BLACKHOLED, SLOW }

    /** One configured target: its check, its proxy, what happened to it, or why it failed. */
    private static final class Target {
        final String name;
        final String check;
        final TcpProxy proxy;
        final List<String> report = new ArrayList<>();
        String failure;

        Target(String name, String check, TcpProxy proxy) {
            this.name = name;
            this.check = check;
            this.proxy = proxy;
        }

        boolean sees(Fault fault) {
            return failure == null && (fault == Fault.REFUSED || !check.startsWith("tcp://"));
        }

        void fail(String what) {
            failure = what;
            report.add("FAILED: " + what);
        }
    }

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> tcp = ProxiedServer.http();
    @RegisterExtension
    final ProxiedServer<?> http = ProxiedServer.http();
    @RegisterExtension
    final ProxiedServer<?> h2 = ProxiedServer.h2();

    @Test
    void everyCheckKindComesBackUpAfterEveryOutage() throws Exception {
        LocalServers.requirePostgres();
        LocalServers.requireMariaDb();
        LocalServers.requireRedis();
        LocalServers.requireRabbitMq();
        try (TcpProxy postgres = new TcpProxy(LocalServers.POSTGRES_PORT);
             TcpProxy mariadb = new TcpProxy(LocalServers.MARIADB_PORT);
             TcpProxy redis = new TcpProxy(LocalServers.REDIS_PORT);
             TcpProxy rabbitmq = new TcpProxy(LocalServers.RABBITMQ_PORT)) {
            List<Target> targets = List.of(
                    new Target("tcp", "tcp://" + tcp.proxy().hostPort(), tcp.proxy()),
                    new Target("http", "http://" + http.proxy().hostPort() + "/health", http.proxy()),
                    new Target("h2", H2TcpServer.url(h2.proxy().port(), "health"), h2.proxy()),
                    new Target("postgresql", "jdbc:postgresql://" + postgres.hostPort() + "/test", postgres),
                    new Target("mariadb", "jdbc:mariadb://" + mariadb.hostPort() + "/test", mariadb),
                    new Target("redis", "redis://" + redis.hostPort(), redis),
                    new Target("amqp", "amqp://guest:guest@" + rabbitmq.hostPort(), rabbitmq));
            WatchdogConfig config = WatchdogConfig.fast()
                    .set("watchdog.target.postgresql.user", "postgres")
                    .set("watchdog.target.mariadb.user", "root");
            targets.forEach(t -> config.target(t.name, t.check));
            long maxSeconds = 30 + CYCLES * Fault.values().length * 10L;
            try (ChildJvm app = Children.withAgent(IdleApp.class, config.write(dir)).args(maxSeconds).start()) {
                app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
                FailFast.sleep(Duration.ofMillis(4 * WatchdogConfig.INTERVAL_MS)); // the first checks are over
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    for (Fault fault : Fault.values()) {
                        outage(app, targets, fault, cycle);
                    }
                }
                StringBuilder summary = new StringBuilder();
                targets.forEach(t -> summary.append(String.format("%-10s %s%n", t.name, String.join("; ", t.report))));
                System.out.print(summary);
                assertTrue(targets.stream().allMatch(t -> t.failure == null),
                        "a target's own check did not get through after an outage:\n" + summary);
            }
        }
    }

    private static void outage(ChildJvm app, List<Target> targets, Fault fault, int cycle) throws Exception {
        List<Target> faulted = targets.stream().filter(t -> t.sees(fault)).toList();
        long switched = System.nanoTime();
        for (Target t : faulted) {
            switch (fault) {
                case REFUSED -> t.proxy.refuse();
                case BLACKHOLED -> t.proxy.blackhole();
                case SLOW -> t.proxy.delay(SLOW);
            }
        }
        Map<Target, Line> down = new LinkedHashMap<>();
        for (Target t : faulted) {
            Optional<Line> line = await(app, t, "DOWN", switched, DOWN_WITHIN);
            if (line.isPresent()) {
                down.put(t, line.get());
            } else {
                t.fail(fault + " #" + cycle + ": no DOWN within " + DOWN_WITHIN.toMillis() + " ms");
            }
        }
        FailFast.sleep(HOLD);

        long restored = System.nanoTime();
        for (Target t : faulted) {
            t.proxy.forward();
        }
        for (Map.Entry<Target, Line> e : down.entrySet()) {
            Target t = e.getKey();
            Optional<Line> up = await(app, t, "UP", restored, UP_WITHIN);
            String downMs = "DOWN +" + millis(e.getValue().nanos() - switched) + " ms";
            if (up.isPresent()) {
                t.report.add(fault + " #" + cycle + " " + downMs + ", UP +" + millis(up.get().nanos() - restored) + " ms");
                continue;
            }
            Optional<Line> late = await(app, t, "UP", restored, UP_WITHIN.plus(LATE_UP));
            t.fail(fault + " #" + cycle + " " + downMs + ", then no UP within " + UP_WITHIN.toMillis()
                    + " ms of the proxy forwarding again (" + late.map(l -> "UP only after " + millis(l.nanos() - restored)
                    + " ms").orElse("still none after " + UP_WITHIN.plus(LATE_UP).toMillis() + " ms") + ")");
        }
        FailFast.sleep(Duration.ofMillis(WatchdogConfig.INTERVAL_MS)); // a steady state before the next fault
    }

    /** The target's {@code state} line received within {@code bound} of {@code since}, if any. */
    private static Optional<Line> await(ChildJvm app, Target t, String state, long since, Duration bound) {
        long left = since + bound.toNanos() - System.nanoTime();
        try {
            Line line = app.awaitLine(Stream.STDERR, AgentOutput.health(t.name, state, t.proxy.hostPort()), since,
                    Duration.ofNanos(Math.max(0, left)));
            return line.nanos() - since <= bound.toNanos() ? Optional.of(line) : Optional.empty();
        } catch (IllegalStateException none) {
            return Optional.empty();
        }
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
