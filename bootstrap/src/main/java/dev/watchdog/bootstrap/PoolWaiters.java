package dev.watchdog.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's threads waiting inside a pool's {@code getConnection} for a host in doubt. A pool
 * waits its whole connection timeout for a database that refuses, however fast each connect fails;
 * when the breaker opens those waits are ended: the thread is interrupted (the pool gives up), its
 * interrupt status is cleared again and the call fails with the agent's rejection. Recorded only while
 * one of the pool's hosts is in doubt ({@link Evidence}); otherwise the pool's path pays nothing.
 */
public final class PoolWaiters {

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int RELEASED = 2;

    /** One call waiting in a pool. */
    public static final class Waiter {
        private final Thread thread = Thread.currentThread();
        private final String[] hosts;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile boolean interruptSent;
        private volatile String message;

        private Waiter(String[] hosts) {
            this.hosts = hosts;
        }
    }

    private static final ConcurrentHashMap<String, Set<Waiter>> BY_HOST = new ConcurrentHashMap<>();

    private PoolWaiters() {
    }

    /** Pool advice, before getConnection: a token when one of the pool's hosts is in doubt, else null. */
    public static Waiter enter(String[] hosts) {
        if (hosts == null || !Evidence.any() || AgentWork.isCurrent() || !Evidence.doubtsAny(hosts)) {
            return null;
        }
        Waiter w = new Waiter(hosts);
        for (String host : hosts) {
            BY_HOST.computeIfAbsent(host, k -> ConcurrentHashMap.newKeySet()).add(w);
        }
        return w;
    }

    /**
     * Pool advice, after getConnection: the rejection message when the agent released this wait (its
     * interrupt is cleared; a connection obtained meanwhile must be given back by the caller), else null.
     */
    public static String exit(Waiter w) {
        for (String host : w.hosts) {
            Set<Waiter> waiting = BY_HOST.get(host);
            if (waiting != null) {
                waiting.remove(w);
            }
        }
        if (w.state.compareAndSet(WAITING, DONE)) {
            return null;
        }
        while (!w.interruptSent) {
            Thread.onSpinWait();   // the releaser is between its decision and the interrupt
        }
        Thread.interrupted();      // ours, not the application's
        return w.message;
    }

    // ---- the agent's side ----

    /** The breaker of {@code hostKey} opened: every wait for it ends with {@code message}. @return how many */
    public static int release(String hostKey, String message) {
        Set<Waiter> waiting = BY_HOST.remove(hostKey);
        if (waiting == null) {
            return 0;
        }
        int released = 0;
        for (Waiter w : waiting) {
            w.message = message;
            if (w.state.compareAndSet(WAITING, RELEASED)) {
                w.thread.interrupt();
                w.interruptSent = true;
                released++;
            }
        }
        return released;
    }
}
