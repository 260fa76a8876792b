package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-host PostgreSQL URL, each host a proxy in front of the real server: with one host DOWN the
 * driver still connects (to the other); only when both are DOWN are connects rejected.
 */
class MultiHostJdbcTest {

    private static final String REJECTION = "SQLTransientConnectionException";

    @TempDir
    Path dir;

    @Test
    void rejectedOnlyWhenEveryHostIsDown() throws Exception {
        LocalServers.requirePostgres();
        try (TcpProxy first = new TcpProxy(LocalServers.POSTGRES_PORT);
             TcpProxy second = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            String url = "jdbc:postgresql://" + first.hostPort() + "," + second.hostPort() + "/test";
            Path config = WatchdogConfig.fast().target("db1", "tcp://" + first.hostPort())
                    .target("db2", "tcp://" + second.hostPort()).write(dir);
            try (ChildJvm app = Children.jdbcApp(config, url, "postgres", "", 30)) {
                FailFast.awaitAgentReady(app, List.of("connect"));

                long firstDown = System.nanoTime();
                first.refuse();
                Line down1 = app.awaitLine(Stream.STDERR, AgentOutput.health("db1", "DOWN", first.hostPort()), firstDown, FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(1_000));
                long bothDown = System.nanoTime();
                List<CallLine> oneDown = connects(app, down1.nanos(), bothDown);
                assertTrue(oneDown.size() >= 5 && oneDown.stream().allMatch(CallLine::ok),
                        "with one host up, connects must go through\n" + app.describe());

                second.refuse();
                Line down2 = app.awaitLine(Stream.STDERR, AgentOutput.health("db2", "DOWN", second.hostPort()), bothDown, FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(1_000));
                long restored = System.nanoTime();
                List<CallLine> allDown = connects(app, down2.nanos() + 100_000_000L, restored);
                assertTrue(allDown.size() >= 5 && allDown.stream().allMatch(c -> c.isRejection()
                                && c.exception().equals(REJECTION) && c.micros() < FailFast.REJECTION_MAX_MICROS),
                        "with every host down, connects must be rejected fast\n" + app.describe());

                first.forward();
                second.forward();
                Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("db1", "UP", first.hostPort()), restored, FailFast.DETECTION);
                app.awaitLine(Stream.STDOUT, CallLine.okLine("connect"), up.nanos(), FailFast.RECOVERY);
            }
        }
    }

    private static List<CallLine> connects(ChildJvm app, long from, long to) {
        return CallLine.all(app).stream()
                .filter(c -> c.kind().equals("connect") && c.startNanos() >= from && c.endNanos() <= to).toList();
    }
}
