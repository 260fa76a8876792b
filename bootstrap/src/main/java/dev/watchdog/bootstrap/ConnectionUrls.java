package dev.watchdog.bootstrap;

/**
 * The JDBC URL each connection was opened with, learned when it is opened (a driver's connect, a pool's
 * checkout), so that a statement finds its hosts without asking the driver: a held connection to a dead
 * server may fail any question, or make a remote call of its own. The gate turns the URL into host keys
 * ({@link Gate#hostsOfJdbcUrl}, parsed once per URL by the agent).
 *
 * <p>Connections are kept in a {@link WeakIdentityTable}: weakly, by identity, lock-free and bounded. A
 * connection evicted or never seen is simply not found: the statement advice falls back to asking the driver.
 */
public final class ConnectionUrls {

    /** Power of two: far more than the connections an application holds at once (pools hold tens). */
    static final int SLOTS = 8192;
    private static final WeakIdentityTable<String> TABLE = new WeakIdentityTable<>(SLOTS);

    private ConnectionUrls() {
    }

    /**
     * A connection was opened with {@code url}. A connection already known keeps its first URL: a data
     * source handing out its driver's connection records it after the driver's own connect did.
     */
    public static void opened(Object connection, String url) {
        if (connection != null && url != null) {
            TABLE.put(connection, url, false);
        }
    }

    /** The URL {@code connection} was opened with, null when it was not seen opened (or was evicted). */
    public static String urlOf(Object connection) {
        return connection == null ? null : TABLE.get(connection);
    }
}
