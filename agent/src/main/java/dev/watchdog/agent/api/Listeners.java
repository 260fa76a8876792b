package dev.watchdog.agent.api;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.TaggedLogger;

/**
 * Delivers the agent's events to the application's listeners (the Java API). {@link #publish} only queues: the
 * pinger's, the resource watcher's and the file watcher's threads never wait for a listener. Each listener has its own
 * queue, drained in order by at most one {@code watchdog-listener-*} thread at a time, so a slow listener holds back
 * only its own later events. Each call has a time budget: past it the call is interrupted and the listener reported
 * once; a listener that throws is reported once too; a queue past {@link #MAX_QUEUED} drops (and counts) new events,
 * reported once. Threads end after 30 s idle.
 */
final class Listeners implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("api");
    /** Events waiting for one listener at most; further ones are dropped. */
    static final int MAX_QUEUED = 1000;

    private final Supplier<Duration> budget;
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, List<Slot>> byTopic = new ConcurrentHashMap<>();
    /** WARN lines said about listeners (tests). */
    private final AtomicInteger reports = new AtomicInteger();

    Listeners(Supplier<Duration> budget) {
        this.budget = budget;
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> new AgentThread(task, "watchdog-listener-" + count.incrementAndGet()));
        timer = new ScheduledThreadPoolExecutor(1, task -> new AgentThread(task, "watchdog-listener-budget"));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @param name the listener's class, for the reports @return closes the subscription (idempotent, never throws) */
    AutoCloseable add(String topic, Consumer<Map<String, Object>> listener, String name) {
        Slot slot = new Slot(topic, listener, name == null ? listener.getClass().getName() : name);
        List<Slot> slots = byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        slots.add(slot);
        return () -> {
            slots.remove(slot);
            slot.close();
        };
    }

    /** Queues {@code event} for every listener of {@code topic}; returns at once and never throws. */
    void publish(String topic, Map<String, Object> event) {
        List<Slot> slots = byTopic.get(topic);
        if (slots == null) {
            return;
        }
        for (Slot slot : slots) {
            slot.offer(event);
        }
    }

    /** Listeners of {@code topic} (tests, status). */
    int count(String topic) {
        List<Slot> slots = byTopic.get(topic);
        return slots == null ? 0 : slots.size();
    }

    /** WARN lines said about listeners so far. */
    int reports() {
        return reports.get();
    }

    @Override
    public void close() {
        byTopic.values().forEach(slots -> slots.forEach(Slot::close));
        byTopic.clear();
        threads.shutdownNow();
        timer.shutdownNow();
    }

    /** One listener: its queue, and whether a thread is draining it. */
    private final class Slot implements Runnable {
        private final String topic;
        private final String name;
        // guarded by this
        private Consumer<Map<String, Object>> listener;   // null once closed: the application's code is let go
        private final ArrayDeque<Map<String, Object>> queue = new ArrayDeque<>();
        private boolean draining;
        private long dropped;
        private long calls;           // calls made so far: each call's id
        private long call;            // the id of the call in progress, 0 between calls
        private long interrupted;     // the id of the last call interrupted at its budget
        private boolean failureReported;
        private boolean slowReported;

        Slot(String topic, Consumer<Map<String, Object>> listener, String name) {
            this.topic = topic;
            this.listener = listener;
            this.name = name;
        }

        void offer(Map<String, Object> event) {
            synchronized (this) {
                if (listener == null) {
                    return;
                }
                if (queue.size() >= MAX_QUEUED) {
                    if (dropped++ == 0) {
                        reports.incrementAndGet();
                        LOG.warn("listener {} ({}) is {} events behind; further events are dropped until it catches up "
                                + "(said once)", name, topic, MAX_QUEUED);
                    }
                    return;
                }
                queue.addLast(event);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                threads.execute(this);
            } catch (RejectedExecutionException | Error e) {
                // closed, or no thread could be started: the next event tries again
                synchronized (this) {
                    draining = false;
                }
            }
        }

        synchronized void close() {
            listener = null;
            queue.clear();
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            while (true) {
                Map<String, Object> event;
                Consumer<Map<String, Object>> target;
                long id;
                synchronized (this) {
                    event = queue.pollFirst();
                    target = listener;
                    if (event == null || target == null) {
                        draining = false;
                        return;
                    }
                    id = ++calls;
                    call = id;
                }
                deliver(thread, target, event, id);
            }
        }

        private void deliver(Thread thread, Consumer<Map<String, Object>> target, Map<String, Object> event, long id) {
            Duration limit = budget.get();
            ScheduledFuture<?> watch = null;
            ClassLoader before = thread.getContextClassLoader();
            try {
                watch = timer.schedule(() -> overBudget(thread, id, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
                thread.setContextClassLoader(target.getClass().getClassLoader());
                target.accept(event);
            } catch (Throwable e) {
                boolean report;
                synchronized (this) {
                    // a call interrupted at its budget that then throws was reported as slow already
                    report = !failureReported && listener != null && interrupted != id;
                    failureReported |= report;
                }
                if (report) {
                    reports.incrementAndGet();
                    LOG.warn("listener {} ({}) threw {}; its later failures are not reported", name, topic, e.toString());
                }
            } finally {
                if (watch != null) {
                    watch.cancel(false);
                }
                synchronized (this) {
                    call = 0;
                }
                Thread.interrupted();   // an interrupt for this call must not reach the next one
                thread.setContextClassLoader(before);
            }
        }

        /** On the timer's thread: the call {@code id} is still running past its budget. */
        private void overBudget(Thread thread, long id, Duration limit) {
            boolean report;
            synchronized (this) {
                if (call != id) {
                    return;
                }
                thread.interrupt();
                interrupted = id;
                report = !slowReported;
                slowReported = true;
            }
            if (report) {
                reports.incrementAndGet();
                LOG.warn("listener {} ({}) took longer than watchdog.api.listener-budget={}; interrupted. Its later events "
                        + "wait for it, other listeners and the checks do not (said once)", name, topic, Durations.format(limit));
            }
        }
    }
}
