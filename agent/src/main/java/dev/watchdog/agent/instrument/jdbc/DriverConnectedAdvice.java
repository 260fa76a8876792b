package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.ConnectionUrls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every {@code java.sql.Driver#connect(String, Properties)} beside {@link DriverConnectAdvice}:
 * the connection it returns is remembered with its URL ({@link ConnectionUrls}), so that statements on it
 * find their hosts without asking the driver. Runs on success only; a driver declining the URL returns null.
 */
public final class DriverConnectedAdvice {

    private DriverConnectedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) String url, @Advice.Return Object connection) {
        ConnectionUrls.opened(connection, url);
    }
}
