package dev.watchdog.agent.instrument.pool;

import dev.watchdog.bootstrap.Evidence;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.PoolWaiters;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code DataSource#getConnection}: while every host of the data source's JDBC URL
 * has its breaker open, the pool is not asked at all and the call fails with SQLState 08001; while one
 * is in doubt, the call is recorded as waiting ({@link PoolWaiters}), so that an opening breaker ends
 * its wait too. The URL is read (only while some breaker is open or some host in doubt) through the
 * first public no-argument getter among {@code getJdbcUrl} (HikariCP), {@code getUrl} and {@code getURL};
 * a data source without one (a wrapper, a pool configured with a driver data source) goes on to whatever
 * it wraps, whose own getConnection, driver connect or statements are guarded in turn.
 */
public final class DataSourceGetConnectionAdvice {

    private DataSourceGetConnectionAdvice() {
    }

    /** @return null (go on), the rejection (the pool is not asked), or the waiter to end at exit */
    @Advice.OnMethodEnter(skipOn = SQLException.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object dataSource) {
        if (!Gate.anyOpen() && !Evidence.any()) {
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
        if (message != null) {
            return new SQLTransientConnectionException(message, "08001");
        }
        return PoolWaiters.enter(Gate.hostsOfJdbcUrl(url));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.This Object dataSource) {
        if (entered instanceof SQLException) {
            thrown = (SQLException) entered;
            return;
        }
        if (entered instanceof PoolWaiters.Waiter) {
            String released = PoolWaiters.exit((PoolWaiters.Waiter) entered);
            if (released != null) {
                if (returned instanceof Connection) {
                    try {
                        ((Connection) returned).close();   // obtained as the breaker opened: back to the pool
                    } catch (Throwable ignored) {
                        // the pool's own problem now
                    }
                }
                returned = null;
                thrown = new SQLTransientConnectionException(released, "08001");
                return;
            }
        }
        if (thrown != null) {
            Gate.failed(dataSource, null, thrown);
        } else if (Gate.anyTrial()) {
            Gate.succeeded(dataSource, null);
        }
    }
}
