package dev.watchdog.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's own calls as evidence that a host answers, in two uses. A host <em>in doubt</em> (a
 * target's last check failed, and it is not DOWN yet): a single late health check is weak evidence of an
 * outage on a busy machine; the application's calls succeeding within the check's timeout are strong
 * evidence against it. A host <em>watched</em> (its target is UP and skips probes while traffic proves it,
 * {@code watchdog.health.max-quiet}): one fast call per check window is all its target asks, so the host
 * is wanted ({@link #want}) at the start of each window and no longer once that call is recorded.
 *
 * <p>Advice pays one volatile read ({@link #any()}) while no host is in doubt or wanted, which is most
 * of the time even with every target watched (after each window's first fast call); a call to a host that
 * is watched but already proven in this window pays a map lookup and allocates nothing.
 */
public final class Evidence {

    /** A host whose calls are evidence: who doubts or watches it, how long a call may take to count, when the last such call ended. */
    private static final class Host {
        /** Guarded by Evidence.class. */
        final Set<String> doubters = ConcurrentHashMap.newKeySet();
        /** Guarded by Evidence.class. */
        final Set<String> watchers = ConcurrentHashMap.newKeySet();
        /** Every fast call counts while some target doubts the host. */
        volatile boolean doubted;
        /** A watcher's window has no fast call yet: the next one counts. */
        final AtomicBoolean wanted = new AtomicBoolean();
        volatile long maxNanos;
        volatile long lastFastSuccessNanos;

        boolean counts() {
            return doubted || wanted.get();
        }
    }

    /** A call under way to hosts that want evidence, and when it began. */
    private static final class Call {
        final Host first;
        /** The others, for a call to several such hosts (a multi-host JDBC URL); usually null. */
        final Host[] more;
        final long startedNanos;

        Call(Host first, Host[] more, long startedNanos) {
            this.first = first;
            this.more = more;
            this.startedNanos = startedNanos;
        }
    }

    private static final ConcurrentHashMap<String, Host> HOSTS = new ConcurrentHashMap<>();
    /** Hosts doubted plus hosts wanted: advice looks at nothing else while this is 0. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    private Evidence() {
    }

    /** The hot-path test: true while some host is in doubt or wanted. One volatile read. */
    public static boolean any() {
        return ACTIVE.get() != 0;
    }

    /**
     * Advice, before a call to {@code hosts}: a token for {@link #succeeded} when one of them is in
     * doubt or wanted, else null. The agent's own calls are no evidence.
     */
    public static Object start(String[] hosts) {
        if (hosts == null || ACTIVE.get() == 0 || AgentWork.isCurrent()) {
            return null;
        }
        Host first = null;
        Host[] more = null;
        int n = 0;
        for (String host : hosts) {
            Host h = HOSTS.get(host);
            if (h != null && h.counts()) {
                if (first == null) {
                    first = h;
                } else {
                    if (more == null) {
                        more = new Host[hosts.length];
                    }
                    more[n++] = h;
                }
            }
        }
        return first == null ? null : new Call(first, more, System.nanoTime());
    }

    /** Advice, after a call that {@link #start} gave a token returned normally. */
    public static void succeeded(Object token) {
        if (!(token instanceof Call)) {
            return;
        }
        Call call = (Call) token;
        long now = System.nanoTime();
        long took = now - call.startedNanos;
        record(call.first, took, now);
        if (call.more != null) {
            for (Host h : call.more) {
                if (h != null) {
                    record(h, took, now);
                }
            }
        }
    }

    private static void record(Host h, long took, long now) {
        if (took <= h.maxNanos) {
            h.lastFastSuccessNanos = now;
            if (h.wanted.compareAndSet(true, false)) {
                ACTIVE.decrementAndGet();   // the window is proven: later calls pay nothing
            }
        }
    }

    // ---- the agent's side ----

    /** {@code holder} (a target) doubts {@code hostKey}: its calls faster than {@code maxNanos} count from now on. */
    public static synchronized void doubt(String hostKey, String holder, long maxNanos) {
        Host h = hold(hostKey, maxNanos);
        if (h.doubters.add(holder) && h.doubters.size() == 1) {
            h.doubted = true;
            ACTIVE.incrementAndGet();
        }
    }

    /** {@code holder} no longer doubts {@code hostKey} (its check passed, or it is DOWN). */
    public static synchronized void clear(String hostKey, String holder) {
        Host h = HOSTS.get(hostKey);
        if (h != null && h.doubters.remove(holder) && h.doubters.isEmpty()) {
            h.doubted = false;
            ACTIVE.decrementAndGet();
            dropIfUnheld(hostKey, h);
        }
    }

    /** {@code holder} (an UP target) watches {@code hostKey}: in each window {@link #want}ed, one call faster than {@code maxNanos} counts. */
    public static synchronized void watch(String hostKey, String holder, long maxNanos) {
        hold(hostKey, maxNanos).watchers.add(holder);
    }

    /** {@code holder} no longer watches {@code hostKey}. */
    public static synchronized void unwatch(String hostKey, String holder) {
        Host h = HOSTS.get(hostKey);
        if (h != null && h.watchers.remove(holder) && h.watchers.isEmpty()) {
            if (h.wanted.compareAndSet(true, false)) {
                ACTIVE.decrementAndGet();
            }
            dropIfUnheld(hostKey, h);
        }
    }

    /** A watcher's new window begins: the next fast call to the watched {@code hostKey} counts (then none until the next window). */
    public static synchronized void want(String hostKey) {
        Host h = HOSTS.get(hostKey);
        if (h != null && !h.watchers.isEmpty() && h.wanted.compareAndSet(false, true)) {
            ACTIVE.incrementAndGet();
        }
    }

    /**
     * No watcher wants a call to {@code hostKey} in this window (it went idle): calls to other hosts stop paying
     * the lookup. A watcher that did want it misses this window's evidence and probes: the safe side.
     */
    public static synchronized void unwant(String hostKey) {
        Host h = HOSTS.get(hostKey);
        if (h != null && h.wanted.compareAndSet(true, false)) {
            ACTIVE.decrementAndGet();
        }
    }

    /** When a call to {@code hostKey} last succeeded fast enough to count (System.nanoTime()), 0 for never. */
    public static long lastFastSuccess(String hostKey) {
        Host h = HOSTS.get(hostKey);
        return h == null ? 0 : h.lastFastSuccessNanos;
    }

    /** The host's record, held by one more target: a call counts when faster than every holder's timeout. */
    private static Host hold(String hostKey, long maxNanos) {
        Host h = HOSTS.computeIfAbsent(hostKey, k -> new Host());
        boolean first = h.doubters.isEmpty() && h.watchers.isEmpty();
        h.maxNanos = first ? maxNanos : Math.min(h.maxNanos, maxNanos);
        return h;
    }

    private static void dropIfUnheld(String hostKey, Host h) {
        if (h.doubters.isEmpty() && h.watchers.isEmpty()) {
            HOSTS.remove(hostKey, h);
        }
    }
}
