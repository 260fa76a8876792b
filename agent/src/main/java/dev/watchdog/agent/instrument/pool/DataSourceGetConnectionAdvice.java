package dev.watchdog.agent.instrument.pool;

import dev.watchdog.bootstrap.Gate;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DataSource#getConnection}: while every host of the data source's JDBC URL
 * has its breaker open, the pool is not asked at all and the call fails with SQLState 08001.
 * The URL is read (only while some breaker is open) through the first public no-argument
 * getter among {@code getJdbcUrl} (HikariCP), {@code getUrl} and {@code getURL}; a data source
 * without one (a wrapper, a pool configured with a driver data source) goes on to whatever it
 * wraps, whose own getConnection, driver connect or statements are guarded in turn.
 */
public final class DataSourceGetConnectionAdvice {

    private DataSourceGetConnectionAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static SQLException enter(@Advice.This Object dataSource) {
        if (!Gate.anyOpen()) {
            return null;
        }
        String url = null;
        String[] getters = {"getJdbcUrl", "getUrl", "getURL"};
        for (int i = 0; i < getters.length && url == null; i++) {
            try {
                Method getter = dataSource.getClass().getMethod(getters[i]);
                if (getter.getReturnType() == String.class) {
                    url = (String) getter.invoke(dataSource);
                }
            } catch (ReflectiveOperationException absentOrInaccessible) {
                // try the next getter; none: the call goes on unguarded here
            }
        }
        String message = Gate.rejectJdbcUrl(url, false);
        return message == null ? null : new SQLTransientConnectionException(message, "08001");
    }
}
