package dev.watchdog.testapps.trust;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.watchdog.testapps.Calls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A service whose traffic the test turns on and off: every period, while the file {@code <idleFile>} does
 * not exist, a HikariCP connection is borrowed and {@code SELECT 1} run (kind {@value #KIND}, lines as
 * {@link Calls}); while it exists, nothing. Each switch prints {@code PHASE busy} or {@code PHASE idle}.
 *
 * <p>Usage: {@code TrafficPhasesApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds> <idleFile>}
 */
public final class TrafficPhasesApp {

    public static final String KIND = "select";

    private TrafficPhasesApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: TrafficPhasesApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds> <idleFile>");
            System.exit(2);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2].isEmpty() ? null : args[2]);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        config.setMaximumPoolSize(4);
        Path idleFile = Path.of(args[5]);
        boolean[] idle = {false};
        System.out.println("PHASE busy");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            Calls.loop(Long.parseLong(args[3]), Long.parseLong(args[4]), () -> {
                boolean now = Files.exists(idleFile);
                if (now != idle[0]) {
                    idle[0] = now;
                    System.out.println(now ? "PHASE idle" : "PHASE busy");
                }
                if (!now) {
                    Calls.fork(KIND, () -> select(ds));
                }
            });
        }
    }

    private static void select(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }
}
