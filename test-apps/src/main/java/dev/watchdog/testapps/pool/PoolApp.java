package dev.watchdog.testapps.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.watchdog.testapps.Calls;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A HikariCP application as a web application uses it: every period, on a request thread, a pooled
 * connection is borrowed and {@code SELECT 1} run (kind {@code getConnection}, output as {@link Calls}).
 * The pool starts even while the database is down; its {@code connectionTimeout} is what a dead
 * database costs each call without the agent.
 *
 * <p>Usage: {@code PoolApp <jdbcUrl> <user> <password> <connectionTimeoutMs> <periodMs> <maxSeconds>}
 */
public final class PoolApp {

    public static final String KIND = "getConnection";

    private PoolApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: PoolApp <jdbcUrl> <user> <password> <connectionTimeoutMs> <periodMs> <maxSeconds>");
            System.exit(2);
        }
        try (HikariDataSource ds = pool(args[0], args[1], args[2], Long.parseLong(args[3]))) {
            Calls.loop(Long.parseLong(args[4]), Long.parseLong(args[5]), () -> Calls.fork(KIND, () -> select(ds)));
        }
    }

    /** A pool of four that starts even while the database is down; an empty password is none. */
    public static HikariDataSource pool(String url, String user, String password, long connectionTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password.isEmpty() ? null : password);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setValidationTimeout(Math.min(connectionTimeoutMs, 1_000));
        config.setInitializationFailTimeout(-1);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** Borrows a connection and runs {@code SELECT 1} on it. */
    public static void select(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }
}
