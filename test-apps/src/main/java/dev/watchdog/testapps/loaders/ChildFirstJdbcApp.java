package dev.watchdog.testapps.loaders;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.Calls;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A JDBC driver held by a child-first {@link ChildFirstLoader} (the driver jar is not on the class
 * path), used the way a web application inside a container uses its own driver: the driver class is
 * loaded from the web app's loader and {@code Driver.connect} is called directly, since
 * {@code DriverManager} does not hand a caller a driver its own loader cannot see. Prints
 * {@code DRIVER <class> loader=<name>}, {@code DRIVERMANAGER sees=<bool>}, then connects every 100 ms
 * ({@code CALL connect ...}) until a call is rejected by the agent or the time is up, then {@code DONE}.
 *
 * <p>Usage: {@code ChildFirstJdbcApp <driverJar> <driverClass> <jdbcUrl> <maxSeconds>}
 */
public final class ChildFirstJdbcApp {

    private ChildFirstJdbcApp() {
    }

    public static void main(String[] args) throws Exception {
        ChildFirstLoader webapp = new ChildFirstLoader("webapp",
                new java.net.URL[] {Path.of(args[0]).toUri().toURL()}, ChildFirstJdbcApp.class.getClassLoader());
        Driver driver = (Driver) Class.forName(args[1], true, webapp).getConstructor().newInstance();
        String url = args[2];
        Calls.print("DRIVER " + driver.getClass().getName() + " loader=" + driver.getClass().getClassLoader().getName());
        Calls.print("DRIVERMANAGER sees=" + seenByDriverManager(url));

        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        boolean[] rejected = {false};
        while (!rejected[0] && System.nanoTime() < deadline) {
            Calls.timed("connect", () -> {
                try (Connection c = driver.connect(url, info)) {
                    c.isValid(1);
                } catch (SQLException e) {
                    rejected[0] = String.valueOf(e.getMessage()).startsWith(CallLine.REJECTION_PREFIX);
                    throw e;
                }
            });
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Calls.print("DONE");
    }

    private static boolean seenByDriverManager(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
