package dev.watchdog.testapps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A plain JDBC client that knows nothing of the agent. Every period it opens a fresh connection
 * and runs {@code SELECT 1} (kind {@code connect}), and runs {@code SELECT 1} on one of a few
 * long-lived connections opened at start (kind {@code statement}), to show that statements on
 * connections opened before an outage are affected too.
 *
 * <p>The long-lived connections form a tiny pool: each is used by one thread at a time, as a real
 * pool does. (Sharing one connection between threads would measure the driver's own lock instead:
 * H2 serialises a session's calls, so one statement stuck on a dead server holds up the others.)
 * A connection is reopened only once the driver reports it closed; each open prints
 * {@code CONN long-lived opened n=<opens so far>} and each drop {@code CONN long-lived dropped n=<drops so far>}.
 *
 * <p>Usage: {@code JdbcApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds>}
 */
public final class JdbcApp {

    /** Without the agent a dead server costs the caller this much per call, the point of the demo. */
    static final int LOGIN_TIMEOUT_SECONDS = 5;
    static final int NETWORK_TIMEOUT_MILLIS = 5_000;
    /** More than the calls that can be stuck before the agent notices an outage (about a second of periods). */
    static final int LONG_LIVED = 16;

    private final String url;
    private final Properties info = new Properties();
    private final Slot[] slots = new Slot[LONG_LIVED];
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();

    private static final int H2_CONNECTION_BROKEN = 90067;

    /** One long-lived connection and the lock that gives it to one call at a time. */
    private static final class Slot {
        final ReentrantLock inUse = new ReentrantLock();
        Connection connection;
    }

    JdbcApp(String url, String user, String password) {
        this.url = url;
        info.setProperty("user", user);
        info.setProperty("password", password);
        if (url.startsWith("jdbc:h2:")) {
            // H2's client reads without a timeout by default: a blackholed server would hang a call forever.
            info.setProperty("NETWORK_TIMEOUT", Integer.toString(NETWORK_TIMEOUT_MILLIS));
        }
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: JdbcApp <jdbcUrl> <user> <password> <periodMs> <maxSeconds>");
            System.exit(2);
        }
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        JdbcApp app = new JdbcApp(args[0], args[1], args[2]);
        app.openAll();
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

    /** Opens the long-lived connections at start; one that fails is opened again on first use. */
    private void openAll() {
        for (Slot slot : slots) {
            try {
                open(slot);
            } catch (SQLException e) {
                // the statement call that gets this slot reports it
            }
        }
    }

    void selectOnLongLived() throws SQLException {
        Slot slot = acquire();
        try {
            Connection c = slot.connection != null ? slot.connection : open(slot);
            try {
                selectOne(c);
            } catch (SQLException e) {
                dropIfDead(slot, e);
                throw e;
            }
        } finally {
            slot.inUse.unlock();
        }
    }

    /** A free slot, taken in turn; if every one is busy, wait for the next in turn as a pool would. */
    private Slot acquire() {
        int start = Math.floorMod(next.getAndIncrement(), slots.length);
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[(start + i) % slots.length];
            if (slot.inUse.tryLock()) {
                return slot;
            }
        }
        Slot slot = slots[start];
        slot.inUse.lock();
        return slot;
    }

    /** Called with the slot held. */
    private Connection open(Slot slot) throws SQLException {
        slot.connection = DriverManager.getConnection(url, info);
        Calls.print("CONN long-lived opened n=" + opens.incrementAndGet());
        return slot.connection;
    }

    /**
     * Called with the slot held: forget the connection once the driver has given it up (closed, or its session
     * broken, H2's error 90067), as a real pool evicts one after a fatal error.
     */
    private void dropIfDead(Slot slot, SQLException failure) {
        boolean closed = failure.getErrorCode() == H2_CONNECTION_BROKEN;
        try {
            closed |= slot.connection == null || slot.connection.isClosed();
        } catch (SQLException e) {
            closed = true; // cannot even tell: open a fresh one
        }
        if (closed && slot.connection != null) {
            slot.connection = null;
            Calls.print("CONN long-lived dropped n=" + drops.incrementAndGet());
        }
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }
}
