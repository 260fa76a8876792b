package dev.watchdog.agent.instrument.pool;

import dev.watchdog.bootstrap.ConnectionUrls;
import dev.watchdog.bootstrap.PoolUrls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DataSource#getConnection} beside {@link DataSourceGetConnectionAdvice}: the
 * connection handed out is remembered with the data source's URL ({@link ConnectionUrls}). A pool hands
 * out a proxy per checkout (HikariCP), and the proxy is what its statements report as their connection.
 * A data source without a URL (a wrapper) records nothing; what it wraps records the connection it opens.
 */
public final class DataSourceConnectedAdvice {

    private DataSourceConnectedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object dataSource, @Advice.Return Object connection) {
        if (connection != null && ConnectionUrls.urlOf(connection) == null) {   // a plain data source's: its driver's connect recorded it
            ConnectionUrls.opened(connection, PoolUrls.of(dataSource));
        }
    }
}
