package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JDBC URL each connection was opened with, learned when it is opened (a driver's connect, a pool's
 * checkout), so that a statement finds its hosts without asking the driver: a held connection to a dead
 * server may fail any question, or make a remote call of its own. The gate turns the URL into host keys
 * ({@link Gate#hostsOfJdbcUrl}, parsed once per URL by the agent).
 *
 * <p>Connections are held weakly and compared by identity (their {@code equals} is the driver's code).
 * A fixed open-addressing table: lock-free (a compare-and-set to record, volatile reads to look up),
 * never blocking, bounded. An entry whose connection was collected is reused in place. Closed connections
 * not collected yet still look alive, so a record may find its neighbourhood full: it then evicts the
 * most recently opened there, so that a churn of short-lived connections (a pool's per-checkout proxies,
 * a connect per request) cycles through one slot while the connections held since before stay known (one
 * opened into a crowded neighbourhood is the newest there until the next garbage collection).
 * A connection evicted or never seen is simply not found: the statement advice falls back to asking the driver.
 */
public final class ConnectionUrls {

    /** Power of two: far more than the connections an application holds at once (pools hold tens). */
    static final int SLOTS = 8192;
    /** Slots looked at from a connection's home slot: a lookup costs at most this many reads. */
    static final int PROBES = 8;
    private static final int MASK = SLOTS - 1;
    private static final AtomicReferenceArray<Entry> TABLE = new AtomicReferenceArray<>(SLOTS);

    private static final class Entry extends WeakReference<Object> {
        final String url;
        final long openedNanos = System.nanoTime();

        Entry(Object connection, String url) {
            super(connection);
            this.url = url;
        }
    }

    private ConnectionUrls() {
    }

    /**
     * A connection was opened with {@code url}. A connection already known keeps its first URL: a data
     * source handing out its driver's connection records it after the driver's own connect did.
     */
    public static void opened(Object connection, String url) {
        if (connection == null || url == null) {
            return;
        }
        int home = home(connection);
        Entry entry = null;
        for (int attempt = 0; attempt < 2; attempt++) {   // a slot taken meanwhile: look once more, then give up
            int freeSlot = -1;
            int newestSlot = -1;
            Entry free = null;
            Entry newest = null;
            for (int i = 0; i < PROBES; i++) {
                int slot = (home + i) & MASK;
                Entry e = TABLE.get(slot);
                Object held = e == null ? null : e.get();
                if (held == connection) {
                    return;
                }
                if (held == null) {
                    if (freeSlot < 0) {
                        freeSlot = slot;
                        free = e;
                    }
                } else if (newest == null || e.openedNanos - newest.openedNanos > 0) {
                    newestSlot = slot;
                    newest = e;
                }
            }
            entry = entry == null ? new Entry(connection, url) : entry;
            if (freeSlot >= 0 ? TABLE.compareAndSet(freeSlot, free, entry) : TABLE.compareAndSet(newestSlot, newest, entry)) {
                return;
            }
        }
    }

    /** The URL {@code connection} was opened with, null when it was not seen opened (or was evicted). */
    public static String urlOf(Object connection) {
        if (connection == null) {
            return null;
        }
        int home = home(connection);
        for (int i = 0; i < PROBES; i++) {
            Entry e = TABLE.get((home + i) & MASK);
            if (e != null && e.get() == connection) {
                return e.url;
            }
        }
        return null;
    }

    private static int home(Object connection) {
        int h = System.identityHashCode(connection);
        return (h ^ (h >>> 16)) & MASK;
    }
}
