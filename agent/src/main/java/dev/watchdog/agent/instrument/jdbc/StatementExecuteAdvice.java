package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.ConnectionUrls;
import dev.watchdog.bootstrap.Evidence;
import dev.watchdog.bootstrap.Gate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement#execute*}: statements on connections opened before an outage
 * fail fast too, and while a database is in doubt a statement that succeeds within the check's
 * timeout is evidence that it answers ({@link Evidence}). Only while some breaker is open or some host
 * in doubt is the connection's URL looked up; otherwise the cost is two volatile reads. The URL was
 * recorded when the connection was opened ({@link ConnectionUrls}): the driver is not asked, since a
 * connection to a dead server may fail any question, or turn it into a remote call.
 */
public final class StatementExecuteAdvice {

    private StatementExecuteAdvice() {
    }

    /** @return null (go on), the rejection (the statement is skipped), or an evidence token for the exit */
    @Advice.OnMethodEnter(skipOn = SQLException.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Statement statement) {
        if (!Gate.anyOpen() && !Evidence.any()) {
            return null;
        }
        Connection connection;
        try {
            // The one driver call: Statement#getConnection returns a field in every driver and pool (H2,
            // pgjdbc, MariaDB, HikariCP's proxy), with no I/O; MySQL's takes the connection's own lock,
            // which the statement takes anyway. A pool's statement reports its proxy, recorded at checkout.
            connection = statement.getConnection();
        } catch (Throwable closed) {
            return null;   // the driver's own call will report a closed statement
        }
        String url = ConnectionUrls.urlOf(connection);
        if (url == null) {
            // A connection not seen opened (before a late attach, or evicted from the bounded table): the driver
            // is asked once, getMetaData().getURL() (local in the common drivers, but a dead session may refuse
            // it), and the answer remembered: later statements on it ask nothing.
            try {
                url = connection.getMetaData().getURL();
            } catch (Throwable closedOrUnsupported) {
                return null;   // the driver's own call will report a closed connection
            }
            ConnectionUrls.opened(connection, url);
        }
        String message = Gate.rejectJdbcUrl(url, false);
        if (message != null) {
            return new SQLTransientConnectionException(message, "08001");
        }
        return Evidence.start(Gate.hostsOfJdbcUrl(url));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (entered == null) {
            return;
        }
        if (entered instanceof SQLException) {
            thrown = (SQLException) entered;
        } else if (thrown == null) {
            Evidence.succeeded(entered);
        }
    }
}
