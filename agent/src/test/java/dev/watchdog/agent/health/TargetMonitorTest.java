package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Evidence;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetMonitorTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new AgentThread(r, "watchdog-test-health"));
    private final ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newCachedThreadPool(r -> new AgentThread(r, "watchdog-test-check"));
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static TargetConfig target(Duration interval, Duration unhealthyInterval, Duration timeout, int unhealthy, int healthy) {
        return new TargetConfig("t", CheckKind.TCP, "tcp://127.0.0.1:1", List.of("127.0.0.1:1"), interval, timeout,
                unhealthy, healthy, null, null, unhealthyInterval, null, null, null);
    }

    /** A flapping dependency (ok, fail, ok, fail, fail, ok...): thresholds 3/2 keep the verdict UP. */
    @Test
    void thresholdsKeepAFlappingVerdictStable() {
        String script = "+-+--+-+--+-+--+-++";
        AtomicInteger calls = new AtomicInteger();
        Check flapping = timeout -> {
            int i = calls.getAndIncrement();
            if (i < script.length() && script.charAt(i) == '-') {
                throw new IOException("flap " + i);
            }
        };
        TargetMonitor m = new TargetMonitor(target(Duration.ofMillis(5), null, Duration.ofSeconds(1), 3, 2),
                flapping, scheduler, workers, listener);
        m.start();
        Await.until("the script ran", () -> calls.get() > script.length(), () -> calls);
        assertEquals(List.of("t:UNKNOWN->UP"), listener.events);
        assertEquals(Health.UP, m.health());
    }

    /**
     * A healthy dependency on a busy machine: every check fails after the first, but the application's
     * own calls to the host keep succeeding within the timeout ({@link Evidence}): never DOWN. Once those
     * calls stop (or take longer than the timeout), the next failures do make it DOWN.
     */
    @Test
    void theApplicationsFastCallsOverruleFailingChecks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean appCalls = new AtomicBoolean(true);
        Check lateAfterFirst = timeout -> {
            if (calls.getAndIncrement() > 0) {
                throw new IOException("late");
            }
        };
        TargetMonitor m = new TargetMonitor(target(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(200), 2, 1),
                lateAfterFirst, scheduler, workers, listener);
        Thread application = new Thread(() -> {   // the application's statements, as the advice reports them
            while (appCalls.get()) {
                Object call = Evidence.start(new String[] {"127.0.0.1:1"});
                Evidence.succeeded(call);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            application.start();
            m.start();
            Await.until("many failed checks", () -> calls.get() > 20, () -> calls);
            assertEquals(List.of("t:UNKNOWN->UP"), listener.events, "overruled by the application's calls");
            appCalls.set(false);
            Await.until("DOWN once the calls stop", () -> listener.events.size() == 2, () -> listener.events);
            assertEquals(List.of("t:UNKNOWN->UP", "t:UP->DOWN"), listener.events);
        } finally {
            appCalls.set(false);
            m.stop();
            application.join();
        }
        assertNull(Evidence.start(new String[] {"127.0.0.1:1"}), "a stopped or DOWN target leaves its host in no doubt");
    }

    /** Three failures in a row do make it DOWN; two successes bring it back; history records both with reasons. */
    @Test
    void thresholdsDecideAndHistoryRemembers() {
        String script = "+---++++";
        AtomicInteger calls = new AtomicInteger();
        Check check = timeout -> {
            int i = calls.getAndIncrement();
            if (i < script.length() && script.charAt(i) == '-') {
                throw new IOException("refused " + i);
            }
        };
        TargetMonitor m = new TargetMonitor(target(Duration.ofMillis(5), null, Duration.ofSeconds(1), 3, 2),
                check, scheduler, workers, listener);
        m.start();
        Await.until("back UP", () -> listener.events.size() == 3, () -> listener.events);
        assertEquals(List.of("t:UNKNOWN->UP", "t:UP->DOWN", "t:DOWN->UP"), listener.events);
        List<Transition> history = m.view().transitions();
        assertEquals(3, history.size());
        assertEquals("refused 3", history.get(1).reason());
        assertEquals("check passed", history.get(2).reason());
    }

    /** A check that ignores its timeout and interruption: DOWN at the timeout, one thread only, UP once it returns. */
    @Test
    void aStuckCheckIsAbandonedAndNeverPilesUpThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Check stuck = timeout -> {
            if (started.incrementAndGet() == 1) {
                return;   // UP first: the very first check has a generous cold-start deadline
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                while (true) {
                    try {
                        release.await();
                        return;
                    } catch (InterruptedException ignored) {
                        // like a driver stuck in native I/O: deaf to interruption
                    }
                }
            } finally {
                inFlight.decrementAndGet();
            }
        };
        TargetConfig t = new TargetConfig("t", CheckKind.TCP, "tcp://127.0.0.1:1", List.of("127.0.0.1:1"),
                Duration.ofMillis(20), Duration.ofMillis(100), 1, 1, null, null);
        TargetMonitor m = new TargetMonitor(t, stuck, scheduler, workers, listener);
        m.start();
        Await.until("DOWN", () -> m.health() == Health.DOWN, listener.events::toString);
        Thread.sleep(300);   // many intervals pass while the check is still stuck
        assertEquals(2, started.get(), "no new check while one is stuck");
        assertEquals(1, maxInFlight.get());
        assertTrue(m.view().consecutiveFailures() >= 3, "each interval counts a failure: " + m.view());
        release.countDown();
        Await.until("UP again", () -> m.health() == Health.UP, listener.events::toString);
        assertTrue(started.get() >= 3);
        assertTrue(workers.getLargestPoolSize() <= 2, "threads: " + workers.getLargestPoolSize());
    }

    /**
     * A cold JVM's first check may hit its client's own timeout (an HTTP request timing out while the
     * application starts on two cores): forgiven once and repeated at once, no DOWN. A second timeout counts.
     */
    @Test
    void theFirstChecksOwnTimeoutIsForgivenOnce() {
        AtomicInteger calls = new AtomicInteger();
        Check coldThenFine = timeout -> {
            if (calls.getAndIncrement() == 0) {
                throw new java.net.http.HttpTimeoutException("request timed out");
            }
        };
        TargetMonitor m = new TargetMonitor(target(Duration.ofMillis(20), null, Duration.ofSeconds(1), 1, 1),
                coldThenFine, scheduler, workers, listener);
        m.start();
        Await.until("UP", () -> !listener.events.isEmpty(), listener.events::toString);   // the listener hears after the verdict is set
        assertEquals(List.of("t:UNKNOWN->UP"), listener.events);

        AtomicInteger calls2 = new AtomicInteger();
        Check alwaysTimesOut = timeout -> {
            calls2.incrementAndGet();
            throw new java.net.SocketTimeoutException("Read timed out");
        };
        RecordingListener second = new RecordingListener();
        TargetMonitor dead = new TargetMonitor(target(Duration.ofHours(1), null, Duration.ofSeconds(1), 1, 1),
                alwaysTimesOut, scheduler, workers, second);
        dead.start();
        Await.until("DOWN", () -> dead.health() == Health.DOWN, second.events::toString);
        assertEquals(2, calls2.get(), "one forgiven timeout, then the verdict");
        assertEquals(List.of("t:UNKNOWN->DOWN"), second.events);
        assertTrue(dead.view().transitions().get(0).reason().startsWith("timed out after"), dead.view().toString());
    }

    /** While DOWN the target is probed on its unhealthy interval, not its (long) interval. */
    @Test
    void downTargetsUseTheUnhealthyInterval() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Check refused = timeout -> {
            calls.incrementAndGet();
            throw new IOException("refused");
        };
        TargetMonitor m = new TargetMonitor(target(Duration.ofHours(1), Duration.ofMillis(20), Duration.ofSeconds(1), 1, 1),
                refused, scheduler, workers, listener);
        m.start();
        Await.until("several probes while DOWN", () -> calls.get() >= 5, calls::toString);
        assertEquals(Health.DOWN, m.health());
    }

    @Test
    void jitterSpreadsAroundTheInterval() {
        long base = 1_000_000_000L;
        assertEquals(base, HealthPinger.spread(base, 0, 0.9));
        assertEquals(950_000_000L, HealthPinger.spread(base, 10, 0.0));
        assertEquals(1_050_000_000L, HealthPinger.spread(base, 10, 1.0));
        assertEquals(base, HealthPinger.spread(base, 100, 0.5));
    }
}
