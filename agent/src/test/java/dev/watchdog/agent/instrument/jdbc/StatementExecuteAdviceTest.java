package dev.watchdog.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.bootstrap.ConnectionUrls;
import dev.watchdog.bootstrap.Evidence;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statements find their host from when their connection was opened: the driver is not asked on a held connection. */
class StatementExecuteAdviceTest {

    static final String URL = "jdbc:h2:tcp://db:9092/mem:app";

    /** A statement whose body is the database: reaching it is a failure of the advice. */
    public static class HeldStatement extends StatementStub {
        @Override
        public Connection getConnection() {
            return Connections.current;
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            throw new SQLException("reached the database");
        }
    }

    /** A statement that answers: a normal return. */
    public static class AnsweringStatement extends StatementStub {
        @Override
        public Connection getConnection() {
            return Connections.current;
        }

        @Override
        public boolean execute(String sql) {
            return true;
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            throw new SQLException("the database said no");
        }
    }

    /** A closed statement: even getConnection fails; the statement's own call reports it. */
    public static class ClosedStatement extends StatementStub {
        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            throw new SQLException("statement is closed");
        }
    }

    /** A driver whose connect opens a live connection for its URLs. */
    public static class OpeningDriver extends DriverStub {
        public OpeningDriver() {
            super("jdbc:h2:");
        }

        @Override
        public Connection connect(String url, Properties info) {
            return acceptsURL(url) ? Connections.live("jdbc:h2:what-the-driver-says") : null;
        }
    }

    @BeforeEach
    void reset() {
        Connections.metaDataCalls.set(0);
    }

    /**
     * The seen failure: a held H2 connection to a stopped server whose session another agent's advice had
     * already broken. Asking its metadata failed, and the statement went on to H2's own error.
     */
    @Test
    void aStatementOnAHeldConnectionIsRejectedWithoutAskingTheDriver() throws Exception {
        Statement statement = Advised.instance(HeldStatement.class, StatementExecuteAdvice.class, "executeQuery", Statement.class);
        Connections.current = Connections.dead();
        ConnectionUrls.opened(Connections.current, URL);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:9092").open("db:9092")) {
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, () -> statement.executeQuery("SELECT 1"));
            assertEquals("watchdog: circuit open for db:9092", e.getMessage());
            assertEquals("08001", e.getSQLState());
            assertEquals(0, Connections.metaDataCalls.get(), "the driver was asked");
            assertTrue(gate.adviceFailures().isEmpty());
        }
    }

    /** Opened before the agent attached: the driver is asked once, then the connection is known. */
    @Test
    void aConnectionNotSeenOpenedIsAskedOnceThenKnown() throws Exception {
        Statement statement = Advised.instance(HeldStatement.class, StatementExecuteAdvice.class, "executeQuery", Statement.class);
        Connections.current = Connections.live(URL);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:9092").open("db:9092")) {
            assertThrows(SQLTransientConnectionException.class, () -> statement.executeQuery("SELECT 1"));
            assertThrows(SQLTransientConnectionException.class, () -> statement.executeQuery("SELECT 1"));
            assertEquals(1, Connections.metaDataCalls.get());
            assertEquals(2, gate.rejections().size());
        }
    }

    /** The URL given to connect, not what the connection would say: the connect records its connection. */
    @Test
    void driverConnectRecordsTheConnectionWithItsUrl() throws Exception {
        Driver driver = Advised.instance(OpeningDriver.class, DriverConnectedAdvice.class, "connect", Driver.class);
        Connection connection = driver.connect(URL, new Properties());
        assertEquals(URL, ConnectionUrls.urlOf(connection));
        assertEquals(null, driver.connect("jdbc:other:x", new Properties()), "a driver declining the URL");

        Statement statement = Advised.instance(HeldStatement.class, StatementExecuteAdvice.class, "executeQuery", Statement.class);
        Connections.current = connection;
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:9092").open("db:9092")) {
            assertThrows(SQLTransientConnectionException.class, () -> statement.executeQuery("SELECT 1"));
            assertEquals(0, Connections.metaDataCalls.get());
        }
    }

    /** While its host is in doubt, a statement that returns is evidence that the database answers; one that throws is not. */
    @Test
    void aStatementThatReturnsIsEvidenceOneThatThrowsIsNot() throws Exception {
        Statement statement = Advised.instance(AnsweringStatement.class, StatementExecuteAdvice.class, "execute", Statement.class);
        Statement failing = Advised.instance(AnsweringStatement.class, StatementExecuteAdvice.class, "executeQuery", Statement.class);
        Connections.current = Connections.live(URL);
        ConnectionUrls.opened(Connections.current, URL);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:9092")) {
            Evidence.doubt("db:9092", "test", java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
            try {
                assertThrows(SQLException.class, () -> failing.executeQuery("SELECT 1"));
                assertEquals(0, Evidence.lastFastSuccess("db:9092"), "a failed statement counted as evidence");
                assertTrue(statement.execute("SELECT 1"));
                assertTrue(Evidence.lastFastSuccess("db:9092") != 0, "the statement that returned was no evidence");
                assertTrue(gate.adviceFailures().isEmpty(), gate.adviceFailures().toString());
            } finally {
                Evidence.clear("db:9092", "test");
            }
        }
    }

    /** The advice's own questions failing (a closed statement) neither rejects nor reports: the driver's call does. */
    @Test
    void aClosedStatementGoesOnToTheDriversOwnError() throws Exception {
        Statement statement = Advised.instance(ClosedStatement.class, StatementExecuteAdvice.class, "executeQuery", Statement.class);
        try (TestGate gate = new TestGate().jdbcUrl(URL, "db:9092").open("db:9092")) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertEquals("statement is closed", e.getMessage());
            assertTrue(gate.adviceFailures().isEmpty(), gate.adviceFailures().toString());
        }
    }
}
