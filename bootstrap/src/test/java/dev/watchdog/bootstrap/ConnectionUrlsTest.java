package dev.watchdog.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Connections known by identity from their opening on, held weakly, in a table that never grows. */
class ConnectionUrlsTest {

    /** A stand-in whose equals would match every other: the table must compare identity. */
    private static final class Connection {
        @Override
        public boolean equals(Object other) {
            return other instanceof Connection;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void aConnectionIsKnownByIdentityWithTheUrlItWasFirstOpenedWith() {
        Connection physical = new Connection();
        Connection other = new Connection();
        ConnectionUrls.opened(physical, "jdbc:postgresql://db:5432/app");
        ConnectionUrls.opened(physical, "jdbc:postgresql://pool-says:5432/app");   // the data source handing it out

        assertEquals("jdbc:postgresql://db:5432/app", ConnectionUrls.urlOf(physical));
        assertNull(ConnectionUrls.urlOf(other), "equal, but never opened");
        assertNull(ConnectionUrls.urlOf(null));
    }

    @Test
    void aDroppedConnectionIsCollected() throws InterruptedException {
        Object connection = new Connection();
        ConnectionUrls.opened(connection, "jdbc:h2:tcp://db:9092/mem:x");
        WeakReference<Object> dropped = new WeakReference<>(connection);
        connection = null;
        awaitCollected(dropped);
        assertNull(dropped.get(), "the table keeps a closed connection alive");
    }

    private static void collectGarbage() throws InterruptedException {
        awaitCollected(new WeakReference<>(new Object()));
    }

    private static void awaitCollected(WeakReference<?> reference) throws InterruptedException {
        for (int i = 0; i < 100 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    void manyLiveConnectionsNeverGrowTheTable() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 20 * ConnectionUrls.SLOTS; i++) {
            Object connection = new Connection();
            held.add(connection);
            ConnectionUrls.opened(connection, "jdbc:h2:mem:" + i);
        }
        int known = 0;
        for (int i = 0; i < held.size(); i++) {
            String url = ConnectionUrls.urlOf(held.get(i));
            if (url != null) {
                assertEquals("jdbc:h2:mem:" + i, url);
                known++;
            }
        }
        assertTrue(known <= ConnectionUrls.SLOTS, known + " connections known: the table grew");
        assertEquals("jdbc:h2:mem:" + (held.size() - 1), ConnectionUrls.urlOf(held.get(held.size() - 1)),
                "the latest opened is known");
    }

    /** Closed connections not collected yet crowd the table: the one held since before stays known. */
    @Test
    void aConnectionHeldSinceLongStaysKnownThroughAChurnOfShortLivedOnes() throws InterruptedException {
        collectGarbage();   // what other tests left: the held one is then older than every entry it meets
        Object held = new Connection();
        ConnectionUrls.opened(held, "jdbc:postgresql://held:5432/app");
        List<Object> closedNotCollected = new ArrayList<>();
        for (int i = 0; i < 20 * ConnectionUrls.SLOTS; i++) {
            Object connection = new Connection();
            closedNotCollected.add(connection);
            ConnectionUrls.opened(connection, "jdbc:postgresql://churn:5432/app");
        }
        assertEquals("jdbc:postgresql://held:5432/app", ConnectionUrls.urlOf(held));
    }

    /**
     * Threads opening and using their own connections at once, the table crowded with closed connections not
     * collected yet: each finds its own URL, or (evicted) none, never another's.
     */
    private static final int ROUNDS = 2_000;

    @Test
    void concurrentThreadsEachFindTheirOwnUrl() throws Exception {
        int threads = 8;
        int perThread = 32;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicInteger found = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                for (int round = 0; round < ROUNDS; round++) {
                    Object[] mine = new Object[perThread];
                    for (int i = 0; i < perThread; i++) {
                        mine[i] = new Connection();
                        ConnectionUrls.opened(mine[i], "jdbc:h2:mem:" + id + "-" + i);
                    }
                    for (int i = 0; i < perThread; i++) {
                        String url = ConnectionUrls.urlOf(mine[i]);
                        if (url == null) {
                            continue;
                        }
                        found.incrementAndGet();
                        if (!("jdbc:h2:mem:" + id + "-" + i).equals(url)) {
                            wrong.compareAndSet(null, "thread " + id + " connection " + i + ": " + url);
                        }
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        assertNull(wrong.get());
        int lookups = threads * perThread * ROUNDS;
        System.out.println(found.get() + " of " + lookups + " found");
        assertTrue(found.get() > lookups / 2, "only " + found.get() + " of " + lookups + " found");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
