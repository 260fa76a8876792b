package dev.watchdog.bootstrap;

import java.io.Closeable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The application's open TCP connections to watched hosts, weakly held, so that when a host's breaker
 * opens the calls already blocked on them (a query on a pooled connection, a request in flight) are
 * released at once instead of waiting for a socket timeout that is often infinite. Closing the socket
 * ends the blocked read with the client's own connection error, and the pool discards the connection.
 * Only connects to hosts the agent watches are recorded; the agent's own connections never are.
 */
public final class OpenConnections {

    /** Per host, every this many recorded connections the closed and collected ones are swept out. */
    private static final int SWEEP_EVERY = 256;

    /** One host's recorded connections. */
    private static final class Recorded {
        final ConcurrentLinkedQueue<WeakReference<Closeable>> connections = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
    }

    private static final ConcurrentHashMap<String, Recorded> BY_HOST = new ConcurrentHashMap<>();
    /** Host keys whose connections are recorded; empty: nothing is (one volatile read per connect). */
    private static volatile Set<String> watched = Set.of();

    private OpenConnections() {
    }

    /** The connect path's test: true while some host is watched. */
    public static boolean watching() {
        return !watched.isEmpty();
    }

    /** Connect advice, after a successful connect of {@code connection} to {@code host:port}. */
    public static void opened(Object connection, String host, int port) {
        if (!(connection instanceof Closeable) || host == null || port <= 0 || AgentWork.isCurrent()) {
            return;
        }
        String key = Gate.key(host, port);
        if (!watched.contains(key)) {
            return;
        }
        Recorded recorded = BY_HOST.computeIfAbsent(key, k -> new Recorded());
        recorded.connections.add(new WeakReference<>((Closeable) connection));
        if (recorded.added.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(recorded.connections);
        }
    }

    // ---- the agent's side ----

    /** The hosts whose connections are recorded from now on; the others are forgotten. */
    public static void watch(Set<String> hostKeys) {
        watched = Set.copyOf(hostKeys);
        BY_HOST.keySet().retainAll(watched);
    }

    /** Closes every recorded connection to {@code hostKey} that is still open. @return how many were closed */
    public static int closeAll(String hostKey) {
        Recorded recorded = BY_HOST.remove(hostKey);
        if (recorded == null) {
            return 0;
        }
        List<Closeable> alive = new ArrayList<>();
        for (WeakReference<Closeable> ref : recorded.connections) {
            Closeable c = ref.get();
            if (c != null && !isClosed(c)) {
                alive.add(c);
            }
        }
        int closed = 0;
        for (Closeable c : alive) {
            try {
                c.close();
                closed++;
            } catch (Throwable ignored) {
                // closed meanwhile, or its close failed: its call ends by itself
            }
        }
        return closed;
    }

    private static void sweep(ConcurrentLinkedQueue<WeakReference<Closeable>> open) {
        for (Iterator<WeakReference<Closeable>> it = open.iterator(); it.hasNext(); ) {
            Closeable c = it.next().get();
            if (c == null || isClosed(c)) {
                it.remove();
            }
        }
    }

    private static boolean isClosed(Closeable c) {
        if (c instanceof java.net.Socket) {
            return ((java.net.Socket) c).isClosed();
        }
        if (c instanceof java.nio.channels.Channel) {
            return !((java.nio.channels.Channel) c).isOpen();
        }
        return false;
    }
}
