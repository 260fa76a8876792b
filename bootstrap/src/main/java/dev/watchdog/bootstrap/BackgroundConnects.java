package dev.watchdog.bootstrap;

/**
 * A pool's own background thread refilling it (HikariCP's connection adder) gains nothing from failing
 * fast: nobody waits for it, the application's requests are rejected at the pool's getConnection
 * meanwhile. Failing it only puts the pool into its retry backoff (up to its connection timeout), which
 * then delays the recovery by seconds after the dependency is back. So its connect to an open host waits
 * until the breaker closes (at most {@link #MAX_WAIT_NANOS}) and goes ahead at once then.
 */
public final class BackgroundConnects {

    /** A long wait ends in the rejection after all: the pool retries, and waits here again. */
    static final long MAX_WAIT_NANOS = 30_000_000_000L;

    private BackgroundConnects() {
    }

    /** Whether this thread refills a pool in the background (HikariCP 4 to 7 name theirs so). */
    public static boolean isBackground() {
        String name = Thread.currentThread().getName();
        return name.endsWith("connection-adder") || name.endsWith("connection adder");
    }

    /**
     * Waits while the connect to {@code url} would be rejected. @return the rejection still in force when the
     * wait ended (at its limit, or interrupted: the pool is closing), or null once the host closed
     */
    public static String awaitClose(String url, String message) {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        try {
            while (message != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return message;
                }
                OpenHosts.awaitChange(left);
                message = Gate.rejectJdbcUrl(url);
            }
            return null;
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return message;
        }
    }
}
