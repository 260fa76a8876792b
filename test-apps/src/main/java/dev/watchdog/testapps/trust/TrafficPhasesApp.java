package dev.watchdog.testapps.trust;

import com.zaxxer.hikari.HikariDataSource;
import dev.watchdog.testapps.Calls;
import dev.watchdog.testapps.pool.PoolApp;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service whose traffic the test turns on and off: every period, while the file {@code <idleFile>} does
 * not exist, a HikariCP connection is borrowed and {@code SELECT 1} run ({@link PoolApp#select}) (kind {@value #KIND}, lines as
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
        Path idleFile = Path.of(args[5]);
        boolean[] idle = {false};
        System.out.println("PHASE busy");
        try (HikariDataSource ds = PoolApp.pool(args[0], args[1], args[2], 1_000)) {
            Calls.loop(Long.parseLong(args[3]), Long.parseLong(args[4]), () -> {
                boolean now = Files.exists(idleFile);
                if (now != idle[0]) {
                    idle[0] = now;
                    System.out.println(now ? "PHASE idle" : "PHASE busy");
                }
                if (!now) {
                    Calls.fork(KIND, () -> PoolApp.select(ds));
                }
            });
        }
    }
}
