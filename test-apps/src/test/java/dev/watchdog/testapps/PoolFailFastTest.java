package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.pool.PoolApp;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HikariCP in front of a blackholed database: without the agent each {@code getConnection} waits
 * up to the pool's connectionTimeout (or the driver's network timeout); with the breaker open it
 * fails at once with SQLTransientConnectionException, and works again once the database is back.
 */
class PoolFailFastTest {

    private static final long CONNECTION_TIMEOUT_MS = 10_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.h2();

    @Test
    void hikariGetConnectionFailsFastWhileTheDatabaseIsBlackholed() throws Exception {
        Path config = WatchdogConfig.fast().target("db", H2TcpServer.url(server.proxy().port(), "health")).write(dir);
        // H2 reads without a timeout by default: NETWORK_TIMEOUT bounds the calls caught by the blackhole
        String url = H2TcpServer.url(server.proxy().port(), "demo") + ";NETWORK_TIMEOUT=" + CONNECTION_TIMEOUT_MS;
        try (ChildJvm app = Children.withAgent(PoolApp.class, config)
                .args(url, "sa", "", CONNECTION_TIMEOUT_MS, Children.PERIOD_MS, 30).start()) {
            FailFast.Outage outage = FailFast.walk(app, server.proxy(), Mode.BLACKHOLE, "db",
                    "SQLTransientConnectionException", List.of(PoolApp.KIND));

            List<CallLine> calls = CallLine.all(app);
            long[] rejected = calls.stream().filter(c -> c.isRejection() && c.startNanos() > outage.down().nanos())
                    .mapToLong(CallLine::micros).sorted().toArray();
            // calls begun before the agent knew wait on the dead database: what every call costs without it
            long stuckMax = calls.stream().filter(c -> c.startNanos() >= outage.switchedNanos()
                    && c.startNanos() < outage.down().nanos()).mapToLong(CallLine::micros).max().orElse(-1);
            System.out.printf("FIGURE hikari getConnection while blackholed: rejected median %d us, max %d us (%d calls);"
                    + " begun before the breaker opened: up to %d us (connectionTimeout %d ms)%n",
                    rejected[rejected.length / 2], rejected[rejected.length - 1], rejected.length, stuckMax,
                    CONNECTION_TIMEOUT_MS);
            assertTrue(rejected[rejected.length / 2] < 5_000, "median rejection " + rejected[rejected.length / 2] + " us");
        }
    }
}
