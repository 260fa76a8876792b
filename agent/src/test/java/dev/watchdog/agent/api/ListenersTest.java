package dev.watchdog.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.health.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The application's listeners: in order, on the agent's threads, each isolated from the others and from the publisher. */
class ListenersTest {

    private static Map<String, Object> event(int n) {
        return Map.of("n", n);
    }

    @Test
    void eventsArriveInOrderOnAgentThreads() {
        try (Listeners listeners = new Listeners(() -> Duration.ofSeconds(1))) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            listeners.add("health", e -> {
                seen.add((Integer) e.get("n"));
                threads.add(Thread.currentThread().getName());
            }, "Recorder");
            IntStream.range(0, 200).forEach(n -> listeners.publish("health", event(n)));
            listeners.publish("file", event(-1));   // another topic: not this listener's
            Await.until("200 events", () -> seen.size() == 200, () -> seen);
            assertEquals(IntStream.range(0, 200).boxed().toList(), seen);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("watchdog-listener-")), threads::toString);
            assertEquals(0, listeners.reports());
        }
    }

    /** A throwing and a sleeping listener delay neither the publisher nor the well-behaved listener; each is reported once. */
    @Test
    void aThrowingAndASleepingListenerChangeNothingElse() throws Exception {
        try (Listeners listeners = new Listeners(() -> Duration.ofMillis(200))) {
            AtomicInteger thrown = new AtomicInteger();
            AtomicInteger interrupted = new AtomicInteger();
            List<Integer> good = new CopyOnWriteArrayList<>();
            CountDownLatch sleeping = new CountDownLatch(1);
            listeners.add("health", e -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("boom");
            }, "Thrower");
            listeners.add("health", e -> {
                sleeping.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException stopped) {
                    interrupted.incrementAndGet();
                }
            }, "Sleeper");
            listeners.add("health", e -> good.add((Integer) e.get("n")), "Good");

            long start = System.nanoTime();
            for (int n = 0; n < 5; n++) {
                listeners.publish("health", event(n));
            }
            long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(publishMillis < 100, "publishing never waits for a listener: " + publishMillis + " ms");
            assertTrue(sleeping.await(2, TimeUnit.SECONDS));
            Await.until("the good listener has every event", () -> good.size() == 5, () -> good);
            long goodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(goodMillis < 150, "the good listener is not held back by the sleeper (budget 200 ms): " + goodMillis + " ms");
            assertEquals(List.of(0, 1, 2, 3, 4), good);

            // the sleeper is interrupted at its budget, one call after another; the thrower is called for every event
            Await.until("the sleeper's five calls interrupted", () -> interrupted.get() == 5, interrupted::get);
            assertEquals(5, thrown.get());
            assertEquals(2, listeners.reports(), "the thrower and the sleeper, once each");
        }
    }

    /** A listener that stays behind loses the events past the bound (reported once); closing it stops deliveries. */
    @Test
    void aStuckListenersQueueIsBoundedAndClosingStopsIt() throws Exception {
        try (Listeners listeners = new Listeners(() -> Duration.ofSeconds(30))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            AutoCloseable stuck = listeners.add("overload", e -> {
                calls.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "Stuck");
            for (int n = 0; n < Listeners.MAX_QUEUED + 50; n++) {
                listeners.publish("overload", event(n));
            }
            Await.until("first call", () -> calls.get() == 1, calls::get);
            assertEquals(1, listeners.reports(), "dropping is said once");
            stuck.close();
            stuck.close();
            release.countDown();
            Thread.sleep(50);
            assertEquals(1, calls.get(), "a closed listener's queued events are dropped");
            assertEquals(0, listeners.count("overload"));
        }
    }
}
