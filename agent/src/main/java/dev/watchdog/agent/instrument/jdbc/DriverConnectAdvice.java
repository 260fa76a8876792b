package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.BackgroundConnects;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.JdbcDrivers;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every {@code java.sql.Driver#connect(String, Properties)}: while every host of the
 * URL has its breaker open, the connect is skipped and fails with SQLState 08001, except a pool's
 * background refill, which waits for the breaker to close ({@link BackgroundConnects}). Inlined code may
 * reference only the gate (bootstrap) and the JDK.
 */
public final class DriverConnectAdvice {

    private DriverConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static SQLException enter(@Advice.This Object driver, @Advice.Argument(0) String url) {
        JdbcDrivers.seen(driver);   // the JDBC health check can then use drivers only a webapp loader holds
        if (!Gate.active()) {
            return null;
        }
        String message = Gate.rejectJdbcUrl(url);
        if (message != null && BackgroundConnects.isBackground()) {
            message = BackgroundConnects.awaitClose(url, message);   // a pool refilling itself waits for the return
        }
        return message == null ? null : new SQLTransientConnectionException(message, "08001");
    }
}
