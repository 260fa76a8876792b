package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server address of a client's long-lived connection object (a Lettuce endpoint), recorded when it
 * connects (the host as the application named it) or learned from its channel, so that a command issued
 * while it is disconnected or reconnecting (and buffered by the client) still finds the host it is for.
 * Recorded once per connect, read only while some breaker is open.
 *
 * <p>The same table as {@link ConnectionUrls}: objects held weakly and compared by identity, a fixed
 * open-addressing table, lock-free (a compare-and-set to record, volatile reads to look up), never
 * blocking, bounded; an entry whose object was collected is reused in place, a full neighbourhood
 * evicts its newest entry; a closed object's entry is freed at once ({@link #closed}), so that a churn of
 * short-lived connections does not crowd the long-lived ones. An object reconnected to another address gets a new entry in place of its old one.
 * An object evicted or never seen is simply not found: the advice then lets its call through.
 */
public final class ClientAddresses {

    static final int SLOTS = 4096;
    static final int PROBES = 8;
    private static final int MASK = SLOTS - 1;
    private static final AtomicReferenceArray<Entry> TABLE = new AtomicReferenceArray<>(SLOTS);

    private static final class Entry extends WeakReference<Object> {
        final InetSocketAddress address;
        final long recordedNanos = System.nanoTime();

        Entry(Object client, InetSocketAddress address) {
            super(client);
            this.address = address;
        }
    }

    private ClientAddresses() {
    }

    /**
     * {@code client} connects to {@code address} as the application named it (a client's URI, host name
     * unresolved): this replaces what was known. Anything but an {@link InetSocketAddress} (a Unix socket) is ignored.
     */
    public static void connected(Object client, SocketAddress address) {
        record(client, address, true);
    }

    /**
     * {@code client} was seen connected to {@code address} (its channel's remote address): kept only when
     * nothing is known of it yet (the name it was connected by is the better key).
     */
    public static void learned(Object client, SocketAddress address) {
        record(client, address, false);
    }

    private static void record(Object client, SocketAddress address, boolean replace) {
        if (client == null || !(address instanceof InetSocketAddress inet)) {
            return;
        }
        int home = home(client);
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
                if (held == client) {
                    if (!replace || e.address.equals(inet)) {
                        return;
                    }
                    entry = entry == null ? new Entry(client, inet) : entry;
                    TABLE.compareAndSet(slot, e, entry);   // lost to a concurrent record of the same connect: theirs stands
                    return;
                }
                if (held == null) {
                    if (freeSlot < 0) {
                        freeSlot = slot;
                        free = e;
                    }
                } else if (newest == null || e.recordedNanos - newest.recordedNanos > 0) {
                    newestSlot = slot;
                    newest = e;
                }
            }
            entry = entry == null ? new Entry(client, inet) : entry;
            if (freeSlot >= 0 ? TABLE.compareAndSet(freeSlot, free, entry) : TABLE.compareAndSet(newestSlot, newest, entry)) {
                return;
            }
        }
    }

    /** {@code client} was closed: its entry is freed at once, not at the next garbage collection. */
    public static void closed(Object client) {
        if (client == null) {
            return;
        }
        int home = home(client);
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i) & MASK;
            Entry e = TABLE.get(slot);
            if (e != null && e.get() == client) {
                TABLE.compareAndSet(slot, e, null);
                return;
            }
        }
    }

    /** The address {@code client} was last seen connected to, null when never seen (or evicted). */
    public static InetSocketAddress addressOf(Object client) {
        if (client == null) {
            return null;
        }
        int home = home(client);
        for (int i = 0; i < PROBES; i++) {
            Entry e = TABLE.get((home + i) & MASK);
            if (e != null && e.get() == client) {
                return e.address;
            }
        }
        return null;
    }

    /**
     * Rejection message for a call on {@code client}: to the address recorded for it, else to
     * {@code current} (its channel's remote address while connected, then learned for when it is not).
     * Null: let it through. Called only while some breaker is open.
     */
    public static String reject(Object client, SocketAddress current) {
        InetSocketAddress address = addressOf(client);
        if (address == null && current instanceof InetSocketAddress inet) {
            learned(client, inet);
            address = inet;
        }
        return address == null ? null : Gate.rejectHost(address.getHostString(), address.getPort());
    }

    private static int home(Object client) {
        int h = System.identityHashCode(client);
        return (h ^ (h >>> 16)) & MASK;
    }
}
