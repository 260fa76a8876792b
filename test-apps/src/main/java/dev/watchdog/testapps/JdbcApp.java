package dev.watchdog.testapps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain JDBC client that knows nothing of the agent. Every period it opens a fresh connection
 * and runs {@code SELECT 1} (kind {@code connect}), and runs {@code SELECT 1} on one long-lived
 * connection opened at start (kind {@code statement}), to show that statements on connections
 * opened before an outage are affected too. The long-lived connection is reopened only once the
 * driver reports it closed; each (re)open prints {@code CONN long-lived opened n=<count>} and each
 * drop {@code CONN long-lived dropped n=<count>}, so a reader can tell which connection a statement used.
 *
 * <p>Usage: {@code JdbcApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds>}
 */
public final class JdbcApp {

    /** Without the agent a dead server costs the caller this much per call, the point of the demo. */
    static final int LOGIN_TIMEOUT_SECONDS = 5;
    static final int NETWORK_TIMEOUT_MILLIS = 5_000;

    private final String url;
    private final Properties info = new Properties();
    private final AtomicReference<Connection> longLived = new AtomicReference<>();
    private final AtomicInteger opened = new AtomicInteger();

    JdbcApp(String url, String user, String password) {
        this.url = url;
        info.setProperty("user", user);
        info.setProperty("password", password);
        if (url.startsWith("jdbc:h2:")) {
            // H2's client reads without a timeout by default: a blackholed server would hang a call forever.
            info.setProperty("NETWORK_TIMEOUT", Integer.toString(NETWORK_TIMEOUT_MILLIS));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: JdbcApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds>");
            System.exit(2);
        }
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        JdbcApp app = new JdbcApp(args[0], args[1], args[2]);
        try {
            app.statementConnection();
        } catch (SQLException e) {
            // the first statement call reports it and opens again
        }
        Calls.loop(Long.parseLong(args[3]), Long.parseLong(args[4]), () -> {
            Calls.fork("connect", app::connectAndSelect);
            Calls.fork("statement", app::selectOnLongLived);
        });
    }

    void connectAndSelect() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, info)) {
            selectOne(c);
        }
    }

    void selectOnLongLived() throws SQLException {
        Connection c = statementConnection();
        try {
            selectOne(c);
        } catch (SQLException e) {
            dropIfClosed(c);
            throw e;
        }
    }

    /**
     * The long-lived connection, opened at start and again only after the driver closed it.
     * A failed open fails the statement call with the driver's own exception. No lock is held while
     * opening: a slow open must not make the other calls wait, or their timings would be ours, not the driver's.
     */
    private Connection statementConnection() throws SQLException {
        Connection c = longLived.get();
        if (c != null) {
            return c;
        }
        Connection fresh = DriverManager.getConnection(url, info);
        Connection winner = longLived.compareAndExchange(null, fresh);
        if (winner != null) {
            fresh.close(); // another call opened one meanwhile: use that
            return winner;
        }
        Calls.print("CONN long-lived opened n=" + opened.incrementAndGet());
        return fresh;
    }

    private void dropIfClosed(Connection c) {
        boolean closed;
        try {
            closed = c.isClosed();
        } catch (SQLException e) {
            closed = true; // cannot even tell: open a fresh one
        }
        if (closed && longLived.compareAndSet(c, null)) {
            Calls.print("CONN long-lived dropped n=" + opened.get());
        }
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }
}
