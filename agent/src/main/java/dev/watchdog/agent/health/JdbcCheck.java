package dev.watchdog.agent.health;

import dev.watchdog.bootstrap.JdbcDrivers;
import java.lang.ref.Reference;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.WeakHashMap;

/**
 * Healthy when the application's own driver connects and {@code Connection.isValid} answers, or
 * the configured query runs.
 * The driver is looked up on the application's class path at each check, then in its threads' context
 * loaders (a fat jar's), then among the drivers it connected through, so a driver loaded after the agent
 * started is found on the next interval. The command line's {@code check --classpath}
 * gives a loader of its own, searched first.
 */
final class JdbcCheck implements Check {

    private final String url;
    private final Properties credentials = new Properties();
    private final String query;
    /** Null, or where the command line's {@code --classpath} drivers are. */
    private final ClassLoader drivers;
    /** A driver from the system's or the command line's loader: those live as long as the check. */
    private volatile Driver ownDriver;
    /**
     * A driver only the application's loader has (a fat jar's, or a web application's found through
     * {@link JdbcDrivers}): held weakly or softly, so that a redeployed application's loader can be collected.
     * Found again when cleared.
     */
    private volatile Reference<Driver> applicationDriver;
    /** Application loaders searched in vain (weakly: a redeployed application's loader goes). */
    private final Map<ClassLoader, Boolean> withoutDriver = Collections.synchronizedMap(new WeakHashMap<>());

    JdbcCheck(String url, String user, String password, String query) {
        this(url, user, password, query, null);
    }

    JdbcCheck(String url, String user, String password, String query, ClassLoader drivers) {
        this.url = url;
        this.drivers = drivers;
        this.query = query == null || query.isBlank() ? null : query;
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
    }

    @Override
    public void run(Duration timeout) throws Exception {
        Driver driver = driver();
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        try (Connection connection = driver.connect(url, JdbcTimeouts.with(url, credentials, timeout))) {
            if (connection == null) {
                throw new SQLException("driver " + driver.getClass().getName() + " does not accept the URL");
            }
            boundNetworkWaits(connection, timeout);
            if (query != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(seconds);
                    statement.execute(query);
                }
            } else if (!connection.isValid(seconds)) {
                throw new SQLException("connection is not valid");
            }
        } catch (SQLException e) {
            if (!rejectedCredentials(e)) {
                throw e;
            }
            // The server answered: it is up. Wrong check credentials are a configuration problem,
            // and must never make the agent fail the application's own (correct) connections.
            throw new CredentialsRejected(e.getMessage());
        }
    }

    /** Any driver that supports it stops waiting on the network at the deadline (JDBC 4.1). */
    private static void boundNetworkWaits(Connection connection, Duration timeout) {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, timeout.toMillis()));
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException notSupported) {
            // the check's own deadline still applies
        }
    }

    /** SQLState class 28: invalid authorization specification. */
    private static boolean rejectedCredentials(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("28");
    }

    /** The database is reachable but refused the check's credentials: reported once, counted as UP. */
    static final class CredentialsRejected extends Exception {
        CredentialsRejected(String message) {
            super(message);
        }
    }

    private Driver driver() throws SQLException {
        Driver known = ownDriver;
        if (known != null) {
            return known;
        }
        Reference<Driver> held = applicationDriver;
        known = held == null ? null : held.get();
        if (known != null) {
            return known;
        }
        Driver found = drivers == null ? null : accepting(drivers);
        found = found == null ? accepting(ClassLoader.getSystemClassLoader()) : found;
        if (found != null) {
            ownDriver = found;
            return found;
        }
        // the application's own loaders (a fat jar's), searched once each: found before its first connection, so
        // the check runs from the start without waiting for the instrumentation to see the driver connect
        for (ClassLoader loader : ContextClassLoaders.ofLiveThreads()) {
            if (!withoutDriver.containsKey(loader)) {
                Driver inApplication = acceptingOrNull(loader);
                if (inApplication != null) {
                    // an instance of our own, which nothing else holds: softly, so that it stays while memory allows
                    applicationDriver = new SoftReference<>(inApplication);
                    return inApplication;
                }
                withoutDriver.put(loader, Boolean.TRUE);
            }
        }
        // drivers the application connected through, from any loader (a web container's, say)
        for (Object seen : JdbcDrivers.alive()) {
            if (seen instanceof Driver && ((Driver) seen).acceptsURL(url)) {
                applicationDriver = new WeakReference<>((Driver) seen);
                return (Driver) seen;
            }
        }
        throw new NoDriverException(drivers == null ? "no JDBC driver on the application's class path accepts this URL yet"
                : "no JDBC driver accepts this URL: give its jar with --classpath PATH (or CLASSPATH)");
    }

    /** As {@link #accepting}, but a loader whose drivers fail to load is not the check's failure. */
    private Driver acceptingOrNull(ClassLoader loader) {
        try {
            return accepting(loader);
        } catch (SQLException | RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            return null;
        }
    }

    /** The first of the loader's drivers that accepts the URL, or null. */
    private Driver accepting(ClassLoader loader) throws SQLException {
        for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
            if (candidate.acceptsURL(url)) {
                return candidate;
            }
        }
        return null;
    }

    /** Not the dependency's fault: the pinger reports it once and retries each interval. */
    static final class NoDriverException extends SQLException {
        NoDriverException(String message) {
            super(message);
        }
    }
}
