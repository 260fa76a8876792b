package dev.watchdog.bootstrap;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The server address of a client's long-lived connection object (a Lettuce endpoint), recorded when it
 * connects (the host as the application named it) or learned from its channel, so that a command issued
 * while it is disconnected or reconnecting (and buffered by the client) still finds the host it is for.
 * Recorded once per connect, read only while some breaker is open.
 *
 * <p>Kept in a {@link WeakIdentityTable}, like {@link ConnectionUrls}; a closed object's entry is freed at
 * once ({@link #closed}), so that a churn of short-lived connections does not crowd the long-lived ones. An
 * object reconnected to another address gets a new entry in place of its old one. An object evicted or never
 * seen is simply not found: the advice then lets its call through.
 */
public final class ClientAddresses {

    static final int SLOTS = 4096;
    private static final WeakIdentityTable<InetSocketAddress> TABLE = new WeakIdentityTable<>(SLOTS);

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
        if (client != null && address instanceof InetSocketAddress inet) {
            TABLE.put(client, inet, replace);
        }
    }

    /**
     * {@code reconnector} (Lettuce's {@code ConnectionWatchdog}) reconnects its connection to
     * {@code lastDestination}: kept for the connection's object, found through it ({@link #reject}) when that
     * object was never seen connected (its connect and its disconnect both came before the hooks were installed).
     */
    public static void reconnecting(Object reconnector, SocketAddress lastDestination) {
        record(reconnector, lastDestination, true);
    }

    /** {@code client} was closed: its entry is freed at once, not at the next garbage collection. */
    public static void closed(Object client) {
        if (client != null) {
            TABLE.remove(client);
        }
    }

    /** The address {@code client} was last seen connected to, null when never seen (or evicted). */
    public static InetSocketAddress addressOf(Object client) {
        return client == null ? null : TABLE.get(client);
    }

    /**
     * Rejection message for a call on {@code client}: to the address recorded for it, else to
     * {@code current} (its channel's remote address while connected), else to the last destination of its
     * {@code reconnector} (while it reconnects); either is then learned for it. Null: let it through.
     * Called only while some breaker is open.
     */
    public static String reject(Object client, SocketAddress current, Object reconnector) {
        InetSocketAddress address = addressOf(client, current, reconnector);
        return address == null ? null : Gate.rejectHost(address.getHostString(), address.getPort());
    }

    /** As {@link #reject} finds it (and learns it), without judging: null when nothing is known. */
    static InetSocketAddress addressOf(Object client, SocketAddress current, Object reconnector) {
        InetSocketAddress address = addressOf(client);
        if (address == null) {
            address = current instanceof InetSocketAddress inet ? inet : addressOf(reconnector);
            learned(client, address);
        }
        return address;
    }
}
