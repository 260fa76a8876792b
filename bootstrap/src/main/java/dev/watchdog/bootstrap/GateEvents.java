package dev.watchdog.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The hand-off from the application's threads to the agent's: what advice learns (a rejection, a
 * failed or succeeded call, a host seen, an advice failure) is queued without a lock and handed to the
 * {@link GateListener} on the agent's own {@code watchdog-gate-events} thread, which does the
 * bookkeeping, the logging and the file I/O. Bounded: when the queue is full an event is dropped
 * and counted; rejections are counted per host instead of queued, so no rejection is ever lost.
 * A rejection never wakes the agent's thread (an unpark is a system call, more than the rejection
 * itself costs): while a breaker is open that thread looks at the counts every
 * {@link #OPEN_POLL_NANOS}; the rarer events (failures, hosts seen) wake it.
 */
public final class GateEvents {

    static final int CAPACITY = 4096;
    /** How often the counts are handed over while some breaker is open: the rejection path stays a map read and an add. */
    static final long OPEN_POLL_NANOS = 20_000_000L;

    private static final ConcurrentLinkedQueue<Event> QUEUE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final AtomicLong DROPPED = new AtomicLong();
    /**
     * Rejected calls per host not yet handed over, enforced and observed. An entry is never removed (a producer may
     * hold it while it counts): at most {@link #CAPACITY} hosts, beyond which rejections are dropped and counted.
     */
    private static final ConcurrentHashMap<String, AtomicLong> REJECTED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, AtomicLong> OBSERVED = new ConcurrentHashMap<>();
    private static volatile Thread deliverer;
    private static volatile boolean waiting;
    private static volatile boolean delivering;

    private GateEvents() {
    }

    // ---- the application's side: lock-free, never blocks ----

    static void rejected(String hostKey, boolean enforced) {
        if (GateControl.listener == null) {
            return;   // no agent to count them
        }
        Map<String, AtomicLong> counts = enforced ? REJECTED : OBSERVED;
        AtomicLong count = counts.get(hostKey);
        if (count == null) {
            if (counts.size() >= CAPACITY) {
                DROPPED.incrementAndGet();
                return;
            }
            AtomicLong fresh = new AtomicLong();
            count = counts.putIfAbsent(hostKey, fresh);
            count = count == null ? fresh : count;
        }
        count.incrementAndGet();
    }

    static void seen(String hostKey) {
        offer(new Event(Kind.SEEN, hostKey, null, null));
    }

    static void failed(Object call, Object target, Throwable thrown) {
        offer(new Event(Kind.FAILED, call, target, thrown));
    }

    static void succeeded(Object call, Object target) {
        offer(new Event(Kind.SUCCEEDED, call, target, null));
    }

    static void adviceFailed(Throwable error) {
        offer(new Event(Kind.ADVICE_FAILED, null, null, error));
    }

    private static void offer(Event event) {
        if (SIZE.incrementAndGet() > CAPACITY) {
            SIZE.decrementAndGet();
            DROPPED.incrementAndGet();
            return;
        }
        QUEUE.offer(event);
        wake();
    }

    private static void wake() {
        Thread t = deliverer;
        if (waiting && t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- the agent's side ----

    /** Events dropped because the queue was full, since the JVM started. */
    public static long dropped() {
        return DROPPED.get();
    }

    /** Starts the agent's delivery thread once (a listener is set). */
    static synchronized void startDelivery() {
        if (deliverer == null) {
            Thread t = new AgentThread(GateEvents::deliverForever, "watchdog-gate-events");
            t.setPriority(Thread.NORM_PRIORITY);
            deliverer = t;
            t.start();
        }
    }

    /** For tests and orderly stops: waits until every event queued so far was delivered. @return false on timeout */
    public static boolean flush(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (delivering || !QUEUE.isEmpty() || pendingRejections()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            wakeNow();
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** A breaker changed: while one is open the counts are polled, so an idle thread must start. */
    static void breakersChanged() {
        wakeNow();
    }

    private static void wakeNow() {
        Thread t = deliverer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private static boolean pendingRejections() {
        return Stream.of(REJECTED, OBSERVED).flatMap(counts -> counts.values().stream()).anyMatch(n -> n.get() != 0);
    }

    private static void deliverForever() {
        long droppedReported = 0;
        while (true) {
            delivering = true;
            GateListener l = GateControl.listener;
            for (Event e = QUEUE.poll(); e != null; e = QUEUE.poll()) {
                SIZE.decrementAndGet();
                deliver(l, e);
            }
            deliverRejections(l, REJECTED, true);
            deliverRejections(l, OBSERVED, false);
            long dropped = DROPPED.get();
            if (dropped != droppedReported && l != null) {
                try {
                    l.eventsDropped(dropped);
                } catch (Throwable ignored) {
                    // the listener reports its own trouble
                }
                droppedReported = dropped;
            }
            delivering = false;
            waiting = true;
            if (QUEUE.isEmpty()) {
                if (Gate.anyOpen()) {
                    LockSupport.parkNanos(OPEN_POLL_NANOS);
                } else {
                    LockSupport.park();   // idle: no wake-up until an event, or a breaker opening, asks for one
                }
            }
            waiting = false;
        }
    }

    private static void deliverRejections(GateListener l, Map<String, AtomicLong> counts, boolean enforced) {
        for (Map.Entry<String, AtomicLong> e : counts.entrySet()) {
            long n = e.getValue().getAndSet(0);
            if (n != 0 && l != null) {
                try {
                    l.rejected(e.getKey(), n, enforced);
                } catch (Throwable ignored) {
                    // the listener reports its own trouble
                }
            }
        }
    }

    private static void deliver(GateListener l, Event e) {
        if (l == null) {
            return;
        }
        try {
            switch (e.kind) {
                case SEEN -> l.seen((String) e.call);
                case FAILED -> l.failed(e.call, e.target, e.thrown);
                case SUCCEEDED -> l.succeeded(e.call, e.target);
                case ADVICE_FAILED -> l.adviceFailed(e.thrown);
            }
        } catch (Throwable ignored) {
            // the listener reports its own trouble; the next event goes on
        }
    }

    private enum Kind { SEEN, FAILED, SUCCEEDED, ADVICE_FAILED }

    private record Event(Kind kind, Object call, Object target, Throwable thrown) {
    }
}
