package dev.watchdog.testapps;

import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.pool.PoolApp;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JdbcApp with the real drivers against the real shared servers, each behind its own proxy (the
 * servers themselves are never stopped): refused, the driver's connects and statements on open
 * connections (PostgreSQL, JdbcApp) and HikariCP's getConnection (MariaDB) are rejected fast;
 * forwarding again, they work again.
 */
class RealDriversFailFastTest {

    private static final String REJECTION = "SQLTransientConnectionException";
    private static final List<String> KINDS = List.of("connect", "statement");

    @TempDir
    Path dir;

    @Test
    void postgresql() throws Exception {
        LocalServers.requirePostgres();
        try (TcpProxy proxy = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            walk(proxy, "jdbc:postgresql://" + proxy.hostPort() + "/test", "postgres", KINDS);
        }
    }

    @Test
    void mariadb() throws Exception {
        LocalServers.requireMariaDb();
        try (TcpProxy proxy = new TcpProxy(LocalServers.MARIADB_PORT)) {
            // Through HikariCP: JdbcApp's statements on MariaDB connections the refusal killed were
            // rejected too, but in 1-90 ms under a busy build (connects ~0.1 ms), above the harness's bound.
            Path config = WatchdogConfig.fast().target("db", "tcp://" + proxy.hostPort()).write(dir);
            try (ChildJvm app = Children.withAgent(PoolApp.class, config).args("jdbc:mariadb://" + proxy.hostPort()
                    + "/test", "root", "", 10_000, Children.PERIOD_MS, 30).start()) {
                FailFast.walk(app, proxy, Mode.REFUSE, "db", REJECTION, List.of(PoolApp.KIND));
            }
        }
    }

    private void walk(TcpProxy proxy, String url, String user, List<String> kinds) throws Exception {
        Path config = WatchdogConfig.fast().target("db", "tcp://" + proxy.hostPort()).write(dir);
        // the walk is the point; the child is stopped after it (clean exits are JdbcFailFastTest's)
        try (ChildJvm app = Children.jdbcApp(config, url, user, "", 30)) {
            FailFast.walk(app, proxy, Mode.REFUSE, "db", REJECTION, kinds);
        }
    }
}
