package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.Gate;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement#execute*}: statements on connections opened before an outage
 * fail fast too. The connection's URL is read only while some breaker is open.
 */
public final class StatementExecuteAdvice {

    private StatementExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static SQLException enter(@Advice.This Statement statement) {
        if (!Gate.anyOpen()) {
            return null;
        }
        String url;
        try {
            url = statement.getConnection().getMetaData().getURL();
        } catch (Throwable closedOrUnsupported) {
            return null;   // the driver's own call will report a closed statement or connection
        }
        String message = Gate.rejectJdbcUrl(url, false);
        return message == null ? null : new SQLTransientConnectionException(message, "08001");
    }
}
