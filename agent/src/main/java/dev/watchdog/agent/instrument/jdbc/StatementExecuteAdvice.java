package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.Evidence;
import dev.watchdog.bootstrap.Gate;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement#execute*}: statements on connections opened before an outage
 * fail fast too, and while a database is in doubt a statement that succeeds within the check's
 * timeout is evidence that it answers ({@link Evidence}). The connection's URL is read only while
 * some breaker is open or some host in doubt; otherwise the cost is two volatile reads.
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
        String url;
        try {
            url = statement.getConnection().getMetaData().getURL();
        } catch (Throwable closedOrUnsupported) {
            return null;   // the driver's own call will report a closed statement or connection
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
