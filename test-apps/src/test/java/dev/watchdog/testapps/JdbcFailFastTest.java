package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** JdbcApp against a real H2 TCP server behind the proxy: rejected fast while the database is down, back after. */
class JdbcFailFastTest {

    private static final String REJECTION = "SQLTransientConnectionException";
    private static final List<String> KINDS = List.of("connect", "statement");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.h2();

    /**
     * A blackholed database accepts connects, so only a check that talks JDBC sees it down. The statement
     * hook is proved on its own: the release of waiting calls (which would shut the held connection down at
     * the opening, InFlightReturnTest) is off.
     */
    @Test
    void blackholedDatabaseIsRejectedFastIncludingOpenConnections() throws Exception {
        Path config = WatchdogConfig.fast().set("watchdog.breaker.release-waiting", "false")
                .target("db", H2TcpServer.url(server.proxy().port(), "health")).write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(server.proxy().port(), "demo"), 12)) {
            FailFast.Outage outage = FailFast.walk(app, server.proxy(), Mode.BLACKHOLE, "db", REJECTION, KINDS);

            // the connection opened before the outage was still the application's when its statements were rejected
            long firstStatementRejection = app.awaitLine(Stream.STDOUT,
                    CallLine.rejectionLine("statement", REJECTION, server.proxy().hostPort()),
                    outage.switchedNanos(), Duration.ZERO).nanos();
            List<Line> drops = app.stdout().stream()
                    .filter(l -> l.nanos() >= outage.switchedNanos() && l.text().startsWith("CONN long-lived dropped")).toList();
            assertTrue(drops.isEmpty() || drops.get(0).nanos() > firstStatementRejection,
                    () -> "the long-lived connection was dropped before any statement on it was rejected\n" + app.describe());
            FailFast.assertCleanExit(app);
        }
    }

    /** A refused database: a plain TCP check sees it. */
    @Test
    void refusedDatabaseIsRejectedFast() throws Exception {
        Path config = WatchdogConfig.fast().target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(server.proxy().port(), "demo"), 12)) {
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "db", REJECTION, KINDS);
            FailFast.assertCleanExit(app);
        }
    }
}
