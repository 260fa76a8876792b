package dev.watchdog.testapps.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.pool.PoolApp;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.StatusEndpoint;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A healthy dependency on a saturated machine is never opened." PostgreSQL stays healthy behind a
 * forwarding proxy while every core is kept busy by four spinning threads per core in the application's
 * own JVM (the agent's threads compete with them, as in a busy service); the application borrows a
 * HikariCP connection and runs {@code SELECT 1} every 50 ms, and the agent checks the database with a jdbc:postgresql target at the defaults (only the check and its user
 * configured; the status endpoint only to read at the end that the check did run and pass). For
 * {@value #DEFAULT_SECONDS} s ({@code -Dwatchdog.nofalseoutage.seconds}) no DOWN line may come and no
 * call be rejected by the agent.
 *
 * <p>Failed on main at b814fdc (before 4e4ca41 and d266d9f): one check late past its timeout on the
 * starved machine opened the healthy database's breaker, though the application's own calls were
 * succeeding all along (and the jdbc:postgresql check, refused by that open breaker, then kept it open:
 * OwnChecksAlwaysReachTest). With the burners in a separate process instead, the check kept up even then.
 */
class NoFalseOutageTest {

    static final long DEFAULT_SECONDS = 60;
    private static final long SECONDS = Long.getLong("watchdog.nofalseoutage.seconds", DEFAULT_SECONDS);
    private static final int BURNERS_PER_CORE = 4;
    private static final long PERIOD_MS = 50;
    private static final Pattern ANY_DOWN = AgentOutput.line("[A-Z]+ health .*\\bstate=DOWN\\b");

    @TempDir
    Path dir;

    @Test
    void healthyDatabaseStaysClosedWhileTheMachineIsSaturated() throws Exception {
        LocalServers.requirePostgres();
        StatusEndpoint status = StatusEndpoint.onFreePort();
        int burners = BURNERS_PER_CORE * Runtime.getRuntime().availableProcessors();
        try (TcpProxy proxy = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            String url = "jdbc:postgresql://" + proxy.hostPort() + "/test";
            Path config = WatchdogConfig.defaults().target("db", url).set("watchdog.target.db.user", "postgres")
                    .set("watchdog.status.port", Integer.toString(status.port())).write(dir);
            // the burners run in the application's own JVM: the agent's checks compete with them for the cores
            try (ChildJvm app = Children.withAgent(CpuBurner.class, config).args(burners, SECONDS + 60,
                    PoolApp.class.getName(), url, "postgres", "", 10_000, PERIOD_MS, SECONDS + 60).start()) {
                long from = app.awaitLine(Stream.STDOUT, Pattern.compile("^BURNING "), FailFast.STARTUP).nanos();
                FailFast.awaitAgentReady(app, List.of(PoolApp.KIND));
                FailFast.sleep(Duration.ofSeconds(SECONDS));
                long to = System.nanoTime();
                long up = status.metric("watchdog_target_up", "target", "db");

                List<Line> downs = app.stderr().stream().filter(l -> ANY_DOWN.matcher(l.text()).find()).toList();
                List<CallLine> calls = CallLine.all(app).stream()
                        .filter(c -> c.startNanos() >= from && c.endNanos() <= to).toList();
                List<CallLine> rejected = calls.stream().filter(CallLine::isRejection).toList();
                long ok = calls.stream().filter(CallLine::ok).count();
                long slowest = calls.stream().mapToLong(CallLine::micros).max().orElse(0);
                System.out.printf("saturated %d s with %d burners: %d calls (%d ok, %d rejected, %d failed otherwise),"
                                + " slowest %d ms; %d DOWN lines; watchdog_target_up=%d%n", SECONDS, burners, calls.size(),
                        ok, rejected.size(), calls.size() - ok - rejected.size(), slowest / 1_000, downs.size(), up);

                assertTrue(downs.isEmpty(), "the healthy database was reported DOWN: " + downs + "\n" + app.describe());
                assertTrue(rejected.isEmpty(), rejected.size() + " calls to the healthy database were rejected, the first: "
                        + rejected.stream().findFirst().orElse(null));
                assertTrue(ok >= SECONDS, "only " + ok + " successful calls in " + SECONDS + " s: the application"
                        + " hardly ran, so the test proves nothing\n" + app.describe());
                assertEquals(1, up, "watchdog_target_up{target=\"db\"}: the check did not run and pass");
                assertTrue(app.stderr().stream().noneMatch(l -> AgentOutput.INERT.matcher(l.text()).find()), app::describe);
            }
        }
    }
}
