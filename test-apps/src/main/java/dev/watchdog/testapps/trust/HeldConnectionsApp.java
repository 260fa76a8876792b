package dev.watchdog.testapps.trust;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.watchdog.testapps.Calls;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A HikariCP pool of {@code threads} connections, opened {@code openAfterMs} after start, each held by one
 * thread ({@code HELD <i> CONNECTED} once it has it; {@code HELD <i> NOCONN <exception>} and again 100 ms later
 * while the pool cannot give one) that runs {@code heldQuery}
 * on it again and again (a slow query, so a call is always in flight): {@code HELD <i> OK <micros>us},
 * or, on its first failure, {@code HELD <i> FAIL <ExceptionSimpleName> <SQLState> <micros>us <message>},
 * after which the thread gives the connection back and borrows fresh ones, {@code SELECT 1} every
 * 100 ms (kind {@code fresh}, lines as {@link Calls}), until {@code freshCalls} of them succeeded
 * ({@code FRESH <i> ok=<n>}); at {@code maxSeconds} each thread finishes the query it is in and ends.
 * Every 250 ms, and once all threads ended (or 10 s after {@code maxSeconds}),
 * {@code POOL [final ]active=<n> idle=<n> total=<n> waiting=<n> max=<n>} (HikariPoolMXBean); then {@code DONE}.
 *
 * <p>Usage: {@code HeldConnectionsApp <jdbcUrl> <user> <password> <threads> <heldQuery> <freshCalls> <maxSeconds> <openAfterMs>}
 */
public final class HeldConnectionsApp {

    private final HikariDataSource ds;
    private final String heldQuery;
    private final int freshCalls;
    private final long deadline;

    private HeldConnectionsApp(HikariDataSource ds, String heldQuery, int freshCalls, long deadline) {
        this.ds = ds;
        this.heldQuery = heldQuery;
        this.freshCalls = freshCalls;
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: HeldConnectionsApp <jdbcUrl> <user> <password> <threads> <heldQuery> <freshCalls> <maxSeconds> <openAfterMs>");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[3]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2].isEmpty() ? null : args[2]);
        config.setMaximumPoolSize(threads);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[6]));
        Thread.sleep(Long.parseLong(args[7]));
        try (HikariDataSource ds = new HikariDataSource(config)) {
            HeldConnectionsApp app = new HeldConnectionsApp(ds, args[4], Integer.parseInt(args[5]), deadline);
            CountDownLatch ended = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    try {
                        app.run(id);
                    } finally {
                        ended.countDown();
                    }
                }, "held-" + i);
                t.setDaemon(true);
                t.start();
            }
            // each thread ends by itself: at the deadline it finishes the query it is in; one stuck for
            // good is given up 10 s later (and counts as active in the final line)
            long giveUp = deadline + TimeUnit.SECONDS.toNanos(10);
            while (!ended.await(250, TimeUnit.MILLISECONDS) && System.nanoTime() < giveUp) {
                app.printPool("");
            }
            app.printPool("final ");
        }
        Calls.print("DONE");
    }

    private void run(int id) {
        hold(id);
        int ok = 0;
        while (ok < freshCalls && System.nanoTime() < deadline) {
            boolean[] passed = {false};
            Calls.timed("fresh", () -> {
                select();
                passed[0] = true;
            });
            ok += passed[0] ? 1 : 0;
            sleep();
        }
        Calls.print("FRESH " + id + " ok=" + ok);
    }

    /** Borrows a connection (again every 100 ms while the pool cannot give one) and queries on it until a query fails. */
    private void hold(int id) {
        while (System.nanoTime() < deadline) {
            Connection c;
            try {
                c = ds.getConnection();
            } catch (SQLException e) {
                Calls.print("HELD " + id + " NOCONN " + e);
                sleep();
                continue;
            }
            try (c) {
                Calls.print("HELD " + id + " CONNECTED");
                query(id, c);
            } catch (SQLException closing) {
                // given back broken: the pool discards it
            }
            return;
        }
    }

    private void query(int id, Connection c) {
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute(heldQuery);
                Calls.print("HELD " + id + " OK " + micros(start) + "us at=" + System.currentTimeMillis());
            } catch (SQLException e) {
                Calls.print("HELD " + id + " FAIL " + e.getClass().getSimpleName() + " " + e.getSQLState() + " "
                        + micros(start) + "us at=" + System.currentTimeMillis() + " "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                return;
            }
        }
    }

    private void select() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }

    private void printPool(String label) {
        HikariPoolMXBean pool = ds.getHikariPoolMXBean();
        Calls.print("POOL " + label + "active=" + pool.getActiveConnections() + " idle=" + pool.getIdleConnections()
                + " total=" + pool.getTotalConnections() + " waiting=" + pool.getThreadsAwaitingConnection()
                + " max=" + ds.getMaximumPoolSize());
    }

    private static long micros(long start) {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
