package dev.watchdog.bootstrap;

/**
 * The application's threads inside a pool's {@code getConnection}. A pool waits its whole connection
 * timeout for a database that is down, however fast each connect fails; when the breaker opens those
 * waits are ended: the thread is interrupted (the pool gives up), its interrupt status is cleared again and
 * the call fails with the agent's rejection.
 *
 * <p>Recorded on every call, so a wait that began before anything was in doubt is found too, in a slot
 * per thread (its id modulo {@link #SLOTS}): two plain writes on entry and two on exit, no allocation, no
 * lock. A thread whose slot another holds is not recorded (it waits its pool's timeout, as without the agent).
 */
public final class PoolWaiters {

    private static final int SLOTS = 1024;
    private static final int IDLE = 0;
    private static final int RELEASING = 1;
    private static final int RELEASED = 2;

    /** One thread's call: written by that thread; read, and released, by the agent. */
    public static final class Slot {
        volatile Thread thread;
        volatile Object pool;
        private volatile int state;
        private volatile boolean interrupted;
        private volatile String message;
    }

    private static final Slot[] SLOT = new Slot[SLOTS];

    static {
        for (int i = 0; i < SLOTS; i++) {
            SLOT[i] = new Slot();
        }
    }

    private PoolWaiters() {
    }

    /** Pool advice, entering getConnection of {@code pool}: this thread's slot, or null when another holds it. */
    public static Slot enter(Object pool) {
        Thread t = Thread.currentThread();
        Slot s = SLOT[(int) (t.getId() & (SLOTS - 1))];
        if (s.thread != null) {
            return null;
        }
        s.pool = pool;
        s.thread = t;
        return s;
    }

    /**
     * Pool advice, leaving getConnection: the rejection message when the agent ended this wait (its
     * interrupt cleared; a connection obtained meanwhile must be given back by the caller), else null.
     */
    public static String exit(Slot s) {
        s.pool = null;
        s.thread = null;
        if (s.state == IDLE) {
            return null;
        }
        while (s.state == RELEASING) {
            Thread.onSpinWait();   // the agent is between its decision and the interrupt
        }
        String message = s.interrupted ? s.message : null;
        if (s.interrupted) {
            Thread.interrupted();   // ours, not the application's
        }
        s.interrupted = false;
        s.state = IDLE;
        return message;
    }

    // ---- the agent's side ----

    /** The pools whose callers are waiting now, and the threads, for {@link #release}. */
    public interface PoolHosts {
        /** The host keys the pool connects to, empty when unknown. */
        String[] of(Object pool);
    }

    /** The breaker of {@code hostKey} opened: every wait in a pool connecting to it ends with {@code message}. @return how many */
    public static int release(String hostKey, String message, PoolHosts hosts) {
        int released = 0;
        for (Slot s : SLOT) {
            Thread t = s.thread;
            Object pool = s.pool;
            if (t == null || pool == null || !contains(hosts.of(pool), hostKey) || s.state != IDLE) {
                continue;
            }
            s.state = RELEASING;
            s.message = message;
            if (s.thread == t && s.pool == pool) {
                s.interrupted = true;
                t.interrupt();
                released++;
            }
            s.state = RELEASED;
        }
        return released;
    }

    private static boolean contains(String[] hosts, String host) {
        if (hosts != null) {
            for (String h : hosts) {
                if (h.equals(host)) {
                    return true;
                }
            }
        }
        return false;
    }
}
