package dev.watchdog.agent.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ConnectionFailuresTest {

    @Test
    void connectionLevelFailuresCountWhereverTheyAreInTheCauses() {
        assertEquals("Connection refused", ConnectionFailures.reason(new ConnectException("Connection refused")));
        assertEquals("Connection refused", ConnectionFailures.reason(new IOException("wrapped", new ConnectException("Connection refused"))));
        assertEquals("connect timed out", ConnectionFailures.reason(new SocketTimeoutException("connect timed out")));
        assertEquals("unknown host nowhere.invalid", ConnectionFailures.reason(new UnknownHostException("nowhere.invalid")));
        assertEquals("SQLState 08001: Connection to 127.0.0.1:1 refused",
                ConnectionFailures.reason(new SQLException("Connection to 127.0.0.1:1 refused", "08001")));
    }

    @Test
    void applicationErrorsAndTheAgentsOwnRejectionsDoNot() {
        assertNull(ConnectionFailures.reason(new SQLSyntaxErrorException("syntax error", "42601")));
        assertNull(ConnectionFailures.reason(new SQLException("duplicate key", "23505")));
        assertNull(ConnectionFailures.reason(new SQLException("password authentication failed", "28P01")));
        assertNull(ConnectionFailures.reason(new IOException("HTTP 503")));
        assertNull(ConnectionFailures.reason(new SQLTransientConnectionException(
                "watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)", "08001")));
        assertNull(ConnectionFailures.reason(new ConnectException("watchdog: circuit open for api:80 (forced open by an operator)")));
    }
}
