package dev.watchdog.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's own calls as evidence that a host answers. A single late health check is weak
 * evidence of an outage on a busy machine; the application's calls succeeding within the check's
 * timeout are strong evidence against it. Only hosts in doubt (a target's last check failed, and it is
 * not DOWN yet) are watched: while none is, advice pays one volatile read ({@link #any()}) and nothing else.
 */
public final class Evidence {

    /** A host in doubt: who doubts it, how long a call may take to count, when the last such call ended. */
    private static final class Doubt {
        final Set<String> holders = ConcurrentHashMap.newKeySet();
        volatile long maxNanos;
        volatile long lastFastSuccessNanos;
    }

    /** A watched call under way: the hosts in doubt it goes to, and when it began. */
    private static final class Call {
        final Doubt[] doubts;
        final long startedNanos;

        Call(Doubt[] doubts, long startedNanos) {
            this.doubts = doubts;
            this.startedNanos = startedNanos;
        }
    }

    private static final ConcurrentHashMap<String, Doubt> DOUBTED = new ConcurrentHashMap<>();
    private static volatile int doubtedCount;

    private Evidence() {
    }

    /** The hot-path test: true while some host is in doubt. One volatile read. */
    public static boolean any() {
        return doubtedCount != 0;
    }

    /**
     * Advice, before a call to {@code hosts}: a token for {@link #succeeded} when one of them is in
     * doubt, else null. The agent's own calls are no evidence.
     */
    public static Object start(String[] hosts) {
        if (hosts == null || doubtedCount == 0 || AgentWork.isCurrent()) {
            return null;
        }
        Doubt[] found = null;
        int n = 0;
        for (String host : hosts) {
            Doubt d = DOUBTED.get(host);
            if (d != null) {
                if (found == null) {
                    found = new Doubt[hosts.length];
                }
                found[n++] = d;
            }
        }
        return found == null ? null : new Call(found, System.nanoTime());
    }

    /** Advice, after a call that {@link #start} gave a token returned normally. */
    public static void succeeded(Object token) {
        if (!(token instanceof Call)) {
            return;
        }
        Call call = (Call) token;
        long now = System.nanoTime();
        for (Doubt d : call.doubts) {
            if (d != null && now - call.startedNanos <= d.maxNanos) {
                d.lastFastSuccessNanos = now;
            }
        }
    }

    // ---- the agent's side ----

    /** {@code holder} (a target) doubts {@code hostKey}: its calls faster than {@code maxNanos} count from now on. */
    public static synchronized void doubt(String hostKey, String holder, long maxNanos) {
        Doubt d = DOUBTED.computeIfAbsent(hostKey, k -> new Doubt());
        if (d.holders.add(holder) && d.holders.size() == 1) {
            d.maxNanos = maxNanos;
        } else {
            d.maxNanos = Math.min(d.maxNanos, maxNanos);
        }
        doubtedCount = DOUBTED.size();
    }

    /** {@code holder} no longer doubts {@code hostKey} (its check passed, or it is DOWN). */
    public static synchronized void clear(String hostKey, String holder) {
        Doubt d = DOUBTED.get(hostKey);
        if (d != null && d.holders.remove(holder) && d.holders.isEmpty()) {
            DOUBTED.remove(hostKey);
        }
        doubtedCount = DOUBTED.size();
    }

    /** When a call to {@code hostKey} last succeeded fast enough to count (System.nanoTime()), 0 for never. */
    public static long lastFastSuccess(String hostKey) {
        Doubt d = DOUBTED.get(hostKey);
        return d == null ? 0 : d.lastFastSuccessNanos;
    }
}
