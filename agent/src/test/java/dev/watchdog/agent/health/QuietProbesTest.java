package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Evidence;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic is evidence ({@link QuietProbes}): an UP target whose hosts the application's calls reach fast
 * skips its scheduled probes, but never for longer than its max-quiet, never when idle, slow, hurried or
 * failing, and never at all with max-quiet 0. Each test uses its own host key (Evidence is JVM-wide).
 */
class QuietProbesTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new AgentThread(r, "watchdog-test-health"));
    private final ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newCachedThreadPool(r -> new AgentThread(r, "watchdog-test-check"));
    private final RecordingListener listener = new RecordingListener();
    private final AtomicBoolean calling = new AtomicBoolean(true);
    private final List<Thread> applications = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        calling.set(false);
        for (Thread t : applications) {
            t.join();
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static TargetConfig target(String host, Duration maxQuiet) {
        return new TargetConfig("t-" + host, CheckKind.TCP, "tcp://" + host, List.of(host), INTERVAL, TIMEOUT, 2, 1,
                null, null, null, null, null, null, maxQuiet);
    }

    /**
     * While a host is wanted every JDBC statement pays the evidence lookup: an idle host (or one only other
     * clients call) is wanted for one window per max-quiet, not for every window.
     */
    @Test
    void anIdleHostIsWantedOncePerMaxQuietOnly() throws Exception {
        TargetMonitor m = new TargetMonitor(target("quiet-i:1", Duration.ofMillis(400)), timeout -> { },
                scheduler, workers, listener);
        m.start();
        Await.until("watching", () -> Evidence.start(new String[] {"quiet-i:1"}) != null, m::view);
        int samples = 0;
        int wanted = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
        while (System.nanoTime() < end) {
            samples++;
            wanted += Evidence.start(new String[] {"quiet-i:1"}) != null ? 1 : 0;   // a call that never ends: no evidence
            Thread.sleep(2);
        }
        m.stop();
        assertTrue(wanted < samples / 2, "an idle host was wanted at " + wanted + " of " + samples
                + " samples: every window (one per interval would be one in 20)");
    }

    /** An HTTP server's host never receives a JDBC statement: watching it would cost every statement, and prove nothing. */
    @Test
    void targetsOnlyOtherClientsReachAreProbedAsBefore() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        TargetConfig http = new TargetConfig("t-http", CheckKind.HTTP, "http://quiet-j:1/health", List.of("quiet-j:1"),
                INTERVAL, TIMEOUT, 2, 1, null, null, null, null, null, null, Duration.ofSeconds(60));
        TargetMonitor m = new TargetMonitor(http, timeout -> probes.incrementAndGet(), scheduler, workers, listener);
        application("quiet-j:1", Duration.ofMillis(1));
        m.start();
        Await.until("8 probes", () -> probes.get() >= 8, probes::toString);
        assertNull(Evidence.start(new String[] {"quiet-j:1"}), "an http target's host was watched");
        m.stop();
        assertEquals(0, m.view().probesSkipped());
    }

    /** The application's calls to {@code host}, as the statement advice reports them, each taking {@code took}. */
    private void application(String host, Duration took) {
        Thread t = new Thread(() -> {
            while (calling.get()) {
                Object call = Evidence.start(new String[] {host});
                try {
                    Thread.sleep(took.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                Evidence.succeeded(call);
            }
        });
        applications.add(t);
        t.start();
    }

    /** Probe start times (System.nanoTime()). */
    private static Check recording(List<Long> probes) {
        return timeout -> {
            synchronized (probes) {
                probes.add(System.nanoTime());
            }
        };
    }

    @Test
    void probesAreSkippedWhileCallsSucceedButOneRunsEveryMaxQuiet() throws Exception {
        Duration maxQuiet = Duration.ofMillis(300);
        List<Long> probes = new ArrayList<>();
        TargetMonitor m = new TargetMonitor(target("quiet-a:1", maxQuiet), recording(probes), scheduler, workers, listener);
        application("quiet-a:1", Duration.ofMillis(1));
        m.start();
        Await.until("30 checks skipped", () -> m.view().probesSkipped() >= 30, m::view);   // 600 ms at least: two max-quiets
        m.stop();
        List<Long> seen;
        synchronized (probes) {
            seen = List.copyOf(probes);
        }
        assertEquals(Health.UP, m.health());
        assertTrue(seen.size() >= 2, "max-quiet passed several times, a probe ran anyway: " + seen.size());
        for (int i = 1; i < seen.size(); i++) {
            long gap = seen.get(i) - seen.get(i - 1);
            assertTrue(gap >= maxQuiet.toNanos(), "probe " + i + " came " + TimeUnit.NANOSECONDS.toMillis(gap)
                    + " ms after the previous one, within max-quiet, while the application's calls succeeded");
        }
    }

    /**
     * Calls that stop answering (a blackhole: they neither succeed nor fail) right after a window was proven do not
     * skip the next check: only a call in the last timeout before it counts, so the outage is probed at its time, not
     * an interval later.
     */
    @Test
    void callsThatStopAnsweringDoNotSkipTheNextCheck() throws Exception {
        Duration interval = Duration.ofMillis(400);
        TargetConfig t = new TargetConfig("t-quiet-h:1", CheckKind.TCP, "tcp://quiet-h:1", List.of("quiet-h:1"), interval,
                Duration.ofMillis(50), 2, 1, null, null, null, null, null, null, Duration.ofSeconds(60));
        List<Long> probes = new ArrayList<>();
        TargetMonitor m = new TargetMonitor(t, recording(probes), scheduler, workers, listener);
        application("quiet-h:1", Duration.ofMillis(1));
        m.start();
        Await.until("a check skipped", () -> m.view().probesSkipped() >= 1, m::view);
        long skipped = m.view().probesSkipped();
        Await.until("the next skip", () -> m.view().probesSkipped() > skipped, m::view);
        calling.set(false);   // right after a window began, and was proven by the calls under way
        long stopped = System.nanoTime();
        Await.until("a probe after the calls stopped", () -> {
            synchronized (probes) {
                return !probes.isEmpty() && probes.get(probes.size() - 1) > stopped;
            }
        }, m::view);
        long first;
        synchronized (probes) {
            first = probes.stream().filter(at -> at > stopped).findFirst().orElseThrow();
        }
        long afterMillis = TimeUnit.NANOSECONDS.toMillis(first - stopped);
        assertTrue(afterMillis <= interval.toMillis() + 150, "the first probe came " + afterMillis
                + " ms after the calls stopped: the window's early evidence skipped the check due " + interval.toMillis() + " ms later");
    }

    @Test
    void anIdleDependencyIsProbedEveryInterval() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        TargetMonitor m = new TargetMonitor(target("quiet-b:1", Duration.ofSeconds(60)), timeout -> probes.incrementAndGet(),
                scheduler, workers, listener);
        m.start();
        Await.until("8 probes", () -> probes.get() >= 8, probes::toString);
        m.stop();
        assertEquals(0, m.view().probesSkipped(), "an idle dependency's checks were skipped");
    }

    /** Calls slower than the check's timeout prove nothing: a slow dependency is probed as before. */
    @Test
    void slowCallsAreNoEvidence() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        TargetMonitor m = new TargetMonitor(target("quiet-c:1", Duration.ofSeconds(60)), timeout -> probes.incrementAndGet(),
                scheduler, workers, listener);
        application("quiet-c:1", TIMEOUT.plusMillis(50));
        application("quiet-c:1", TIMEOUT.plusMillis(50));
        m.start();
        Await.until("10 probes", () -> probes.get() >= 10, probes::toString);
        m.stop();
        assertEquals(0, m.view().probesSkipped(), "calls slower than the timeout skipped probes");
    }

    @Test
    void maxQuietZeroProbesEveryIntervalAndWatchesNothing() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        TargetMonitor m = new TargetMonitor(target("quiet-d:1", Duration.ZERO), timeout -> probes.incrementAndGet(),
                scheduler, workers, listener);
        application("quiet-d:1", Duration.ofMillis(1));
        m.start();
        Await.until("8 probes", () -> probes.get() >= 8, probes::toString);
        assertNull(Evidence.start(new String[] {"quiet-d:1"}), "max-quiet 0: the host is not watched, calls pay nothing");
        m.stop();
        assertEquals(0, m.view().probesSkipped());
    }

    /** A hurried check (a call failed, or was rejected) probes at once, however busy the traffic. */
    @Test
    void aHurriedCheckIsNeverSkipped() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        TargetMonitor m = new TargetMonitor(target("quiet-e:1", Duration.ofSeconds(60)), timeout -> probes.incrementAndGet(),
                scheduler, workers, listener);
        application("quiet-e:1", Duration.ofMillis(1));
        m.start();
        Await.until("probes skipped", () -> m.view().probesSkipped() >= 3, m::view);
        int before = probes.get();
        scheduler.execute(m::hurry);
        Await.until("the hurried probe", () -> probes.get() > before, probes::toString);
        m.stop();
    }

    /** A failing probe puts the target in doubt: from then on every scheduled check probes until it passes. */
    @Test
    void aTargetInDoubtIsProbedThoughCallsSucceed() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        AtomicBoolean failing = new AtomicBoolean();
        Check check = timeout -> {
            probes.incrementAndGet();
            if (failing.get()) {
                throw new IOException("refused");
            }
        };
        TargetMonitor m = new TargetMonitor(target("quiet-f:1", Duration.ofMillis(200)), check, scheduler, workers, listener);
        application("quiet-f:1", Duration.ofMillis(1));
        m.start();
        Await.until("probes skipped", () -> m.view().probesSkipped() >= 3, m::view);
        failing.set(true);
        int failedFrom = probes.get();
        scheduler.execute(m::hurry);   // as a failed call would
        Await.until("failed probes", () -> probes.get() >= failedFrom + 2, m::view);
        long skippedThen = m.view().probesSkipped();
        int probesThen = probes.get();
        Await.until("5 more probes", () -> probes.get() >= probesThen + 5, probes::toString);
        assertEquals(skippedThen, m.view().probesSkipped(), "a check was skipped while the target was in doubt");
        m.stop();
    }

    /** The hot path: one fast call per window is recorded, then calls to the host get no token until the next window. */
    @Test
    void aWatchedHostWantsOneFastCallPerWindow() {
        String host = "quiet-g:1";
        assertNull(Evidence.start(new String[] {host}), "not watched");
        Evidence.watch(host, "g", TIMEOUT.toNanos());
        try {
            assertNull(Evidence.start(new String[] {host}), "watched, but no window begun");
            Evidence.want(host);
            assertTrue(Evidence.any());
            Object first = Evidence.start(new String[] {"other:1", host});
            assertNotNull(first, "the window's first call");
            Evidence.succeeded(first);
            assertTrue(Evidence.lastFastSuccess(host) != 0);
            assertNull(Evidence.start(new String[] {host}), "the window is proven: later calls allocate nothing");
            Evidence.want(host);
            assertNotNull(Evidence.start(new String[] {host}), "a new window wants a call again");
        } finally {
            Evidence.unwatch(host, "g");
        }
        assertNull(Evidence.start(new String[] {host}), "unwatched");
        assertEquals(0, Evidence.lastFastSuccess(host), "the record is dropped");
    }

    /** A stopped target leaves nothing watched: the advice's test goes back to one volatile read. */
    @Test
    void aStoppedTargetWatchesNothing() throws Exception {
        TargetMonitor m = new TargetMonitor(target("quiet-h:1", Duration.ofSeconds(60)), timeout -> { },
                scheduler, workers, listener);
        m.start();
        Await.until("watching", () -> Evidence.start(new String[] {"quiet-h:1"}) != null, m::view);
        m.stop();
        assertNull(Evidence.start(new String[] {"quiet-h:1"}));
        assertFalse(Evidence.lastFastSuccess("quiet-h:1") != 0);
    }
}
