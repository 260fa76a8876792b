package dev.watchdog.agent.instrument.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DataSourceGetConnectionAdviceTest {

    static final String URL = "jdbc:postgresql://db:5432/app";

    /** A pool stand-in that would block: reaching its body is a failure of the advice. */
    public static class BlockingDataSource implements DataSource {
        public static int calls;

        public String getJdbcUrl() {
            return URL;
        }

        @Override
        public Connection getConnection() throws SQLException {
            calls++;
            throw new SQLException("reached the pool");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }

    /** A plain data source naming its URL the way pgjdbc's and MariaDB's do. */
    public static class UrlDataSource extends BlockingDataSource {
        @Override
        public String getJdbcUrl() {
            return null;
        }

        public String getUrl() {
            return URL;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return super.getConnection(user, password);
        }
    }

    /** A pool that waits for a connection as HikariCP does: interrupted, it keeps the interrupt and gives up. */
    public static class WaitingDataSource extends BlockingDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            try {
                new java.util.concurrent.SynchronousQueue<Connection>().poll(30, java.util.concurrent.TimeUnit.SECONDS);
                throw new SQLException("connection timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted during connection acquisition", e);
            }
        }
    }

    /**
     * A call waiting in the pool is ended when its breaker opens: the agent's rejection, not the pool's
     * interruption, and the thread's interrupt status is cleared again. A wait for another host goes on.
     */
    @Test
    void aWaitInThePoolEndsWithTheRejectionWhenTheBreakerOpens() throws Exception {
        DataSource ds = Advised.instance(WaitingDataSource.class, DataSourceGetConnectionAdvice.class, "getConnection", DataSource.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:5432")) {
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean interruptedAfter = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread caller = new Thread(() -> {
                try {
                    ds.getConnection();
                } catch (Throwable e) {
                    outcome.set(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            while (caller.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
            assertEquals(0, dev.watchdog.bootstrap.PoolWaiters.release("other:5432", "x", pool -> new String[] {"db:5432"}), "a wait for another host");
            assertEquals(1, dev.watchdog.bootstrap.PoolWaiters.release("db:5432", "watchdog: circuit open for db:5432",
                    pool -> dev.watchdog.bootstrap.Gate.hostsOfJdbcUrl(dev.watchdog.bootstrap.PoolUrls.of(pool))));
            caller.join(5_000);
            assertTrue(outcome.get() instanceof SQLTransientConnectionException, String.valueOf(outcome.get()));
            assertEquals("watchdog: circuit open for db:5432", outcome.get().getMessage());
            assertEquals("08001", ((SQLException) outcome.get()).getSQLState());
            assertTrue(!interruptedAfter.get(), "the agent's interrupt is cleared");
            assertTrue(gate.adviceFailures().isEmpty());
        }
        assertEquals(0, dev.watchdog.bootstrap.PoolWaiters.release("db:5432", "x", pool -> new String[] {"db:5432"}),
                "nothing left waiting");
    }

    @Test
    void openDatabaseFailsAtOnceWithSqlState08001() throws Exception {
        DataSource ds = Advised.instance(BlockingDataSource.class, DataSourceGetConnectionAdvice.class, "getConnection", DataSource.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:5432").open("db:5432")) {
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().contains("db:5432"), e.getMessage());
            assertEquals(List.of("db:5432"), gate.rejections(), "one call, one rejection");
            assertTrue(gate.adviceFailures().isEmpty());
        }
    }

    @Test
    void closedBreakerReachesThePool() throws Exception {
        DataSource ds = Advised.instance(BlockingDataSource.class, DataSourceGetConnectionAdvice.class, "getConnection", DataSource.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:5432").open("other:1")) {
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertEquals("reached the pool", e.getMessage());
            assertTrue(gate.rejections().isEmpty());
            gate.jdbcUrl("x", "other:1");
        }
    }

    @Test
    void readsGetUrlWhenThereIsNoJdbcUrl() throws Exception {
        DataSource ds = Advised.instance(UrlDataSource.class, DataSourceGetConnectionAdvice.class, "getConnection", DataSource.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:5432").open("db:5432")) {
            assertThrows(SQLTransientConnectionException.class, () -> ds.getConnection("u", "p"));
            assertEquals(1, gate.rejections().size());
        }
    }

    @Test
    void observeModeLetsTheCallThroughAndCounts() throws Exception {
        DataSource ds = Advised.instance(BlockingDataSource.class, DataSourceGetConnectionAdvice.class, "getConnection", DataSource.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:5432").open("db:5432")) {
            dev.watchdog.agent.gate.GateAccess.control().setEnforcing(false);
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertEquals("reached the pool", e.getMessage());
            assertEquals(List.of("db:5432 (observed)"), gate.rejections());
        }
    }
}
