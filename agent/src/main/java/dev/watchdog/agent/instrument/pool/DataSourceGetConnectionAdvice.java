package dev.watchdog.agent.instrument.pool;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.PoolUrls;
import dev.watchdog.bootstrap.PoolWaiters;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code DataSource#getConnection}: while every host of the data source's JDBC URL
 * has its breaker open, the pool is not asked at all and the call fails with SQLState 08001; otherwise
 * the call is recorded as waiting ({@link PoolWaiters}: a slot per thread, no allocation), so that a
 * breaker opening meanwhile ends its wait. The URL is read only while some breaker is open
 * ({@link PoolUrls}); a data source without one (a wrapper, a pool configured with a driver data source)
 * goes on to whatever it wraps, whose own getConnection, driver connect or statements are guarded in turn.
 */
public final class DataSourceGetConnectionAdvice {

    private DataSourceGetConnectionAdvice() {
    }

    /** @return the rejection (the pool is not asked), or this thread's waiter slot (null: none free) */
    @Advice.OnMethodEnter(skipOn = SQLException.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object dataSource) {
        if (Gate.anyOpen()) {
            String message = Gate.rejectJdbcUrl(PoolUrls.of(dataSource), false);
            if (message != null) {
                return new SQLTransientConnectionException(message, "08001");
            }
        }
        return PoolWaiters.enter(dataSource);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                            @Advice.This Object dataSource) {
        if (entered instanceof SQLException) {
            thrown = (SQLException) entered;
            return;
        }
        if (entered instanceof PoolWaiters.Slot) {
            String released = PoolWaiters.exit((PoolWaiters.Slot) entered);
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
