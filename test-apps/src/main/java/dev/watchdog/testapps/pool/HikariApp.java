package dev.watchdog.testapps.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A HikariCP application: after a start-up wait, takes a pooled connection and runs
 * {@code SELECT 1} a number of times, one line per call:
 * {@code call <n> ok <ms>} or {@code call <n> fail <exception class> <SQLState> <ms> <message>}.
 * Args: jdbcUrl user password connectionTimeoutMs calls waitBeforeMs.
 */
public final class HikariApp {

    private HikariApp() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2].isEmpty() ? null : args[2]);
        config.setConnectionTimeout(Long.parseLong(args[3]));
        config.setInitializationFailTimeout(-1);   // start even while the database is down
        config.setMaximumPoolSize(2);
        int calls = Integer.parseInt(args[4]);
        Thread.sleep(Long.parseLong(args[5]));
        try (HikariDataSource ds = new HikariDataSource(config)) {
            for (int i = 1; i <= calls; i++) {
                long start = System.nanoTime();
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                    System.out.println("call " + i + " ok " + millis(start));
                } catch (SQLException e) {
                    System.out.println("call " + i + " fail " + e.getClass().getName() + " " + e.getSQLState() + " "
                            + millis(start) + " " + e.getMessage());
                }
            }
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
