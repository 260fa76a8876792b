package dev.watchdog.agent.breaker;

import dev.watchdog.agent.gate.GateAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.OpenHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostBreakersTest {

    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** Hosts of this test's own: an earlier test's breaker timer (a re-arm) never touches them in the shared gate. */
    private final String FREE = "free" + TESTS.incrementAndGet() + ":5432";
    private final String HELD = "held" + TESTS.get() + ":5432";
    /** Passive policy of the half-open tests: open on the first failure, half-open 100 ms (+-20%) later. */
    private static final Duration DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofMillis(120);
    /** A half-open breaker's permits are handed out again after this long without an outcome. */
    private static final Duration WINDOW = Duration.ofMillis(300);

    private final HostBreakers breakers = new HostBreakers();

    @AfterEach
    void closeAll() {
        breakers.targetUp("db", List.of("db:5432", "replica:5432"));
        breakers.targetUp("primary", List.of("db:5432"));
        List.of(FREE, HELD).forEach(GateAccess.control()::close);
    }

    private static PassivePolicy policy(int halfOpenCalls) {
        return new PassivePolicy(1, WINDOW, DELAY, halfOpenCalls, DELAY);
    }

    @Test
    void aDownTargetOpensEachOfItsHostsInTheGate() {
        assertEquals(List.of("db:5432", "replica:5432"),
                breakers.targetDown("db", List.of("db:5432", "replica:5432"), "Connection refused"));
        assertTrue(OpenHosts.isOpen("db:5432"));
        assertTrue(OpenHosts.isOpen("replica:5432"));
        assertEquals("watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)",
                Gate.rejectHost("db", 5432));
        assertEquals(List.of("db:5432", "replica:5432"), breakers.targetUp("db", List.of("db:5432", "replica:5432")));
        assertFalse(OpenHosts.isOpen("db:5432"));
        assertFalse(Gate.anyOpen());
    }

    @Test
    void aHostStaysOpenUntilEveryTargetHoldingItIsUp() {
        breakers.targetDown("db", List.of("db:5432"), "timed out after 1s");
        assertEquals(List.of(), breakers.targetDown("primary", List.of("db:5432"), "HTTP 503"),
                "already open: not opened twice");
        String message = Gate.rejectHost("db", 5432);
        assertTrue(message.contains("target db is DOWN: timed out after 1s"), message);
        assertTrue(message.contains("target primary is DOWN: HTTP 503"), message);

        assertEquals(List.of(), breakers.targetUp("db", List.of("db:5432")));
        assertTrue(OpenHosts.isOpen("db:5432"), "primary still holds it");
        assertEquals(List.of("db:5432"), breakers.targetUp("primary", List.of("db:5432")));
        assertFalse(OpenHosts.isOpen("db:5432"));
    }

    /**
     * Two breakers opened by the application's failures, one of them then held by a DOWN target: the free
     * one half-opens after its delay (the timer runs), the held one stays open and refuses every trial.
     */
    @Test
    void aHeldBreakerNeverHalfOpensWhileAFreeOneDoes() {
        breakers.enablePassive(policy(1));
        breakers.failed(FREE, "Connection refused");
        breakers.failed(HELD, "Connection refused");
        breakers.targetDown("db", List.of(HELD), "Connection refused");

        // past the free one's half-open, then as long again: three times the longest jittered delay
        long end = System.nanoTime() + 3 * MAX_DELAY.toNanos();
        boolean freeHalfOpened = false;
        while (System.nanoTime() < end) {
            freeHalfOpened |= OpenHosts.isHalfOpen(FREE);
            assertFalse(OpenHosts.isHalfOpen(HELD), "a DOWN target holds its host open");
            assertFalse(trial(HELD), "no trial call while held");
            assertTrue(OpenHosts.isOpen(HELD));
            sleep(5);
        }
        assertTrue(freeHalfOpened, "the free breaker half-opened: the delay elapsed for both");
        assertEquals("OPEN", state(HELD));
        assertTrue(Gate.rejectKey(HELD).contains("target db is DOWN"), Gate.rejectKey(HELD));
    }

    /** Many callers race for the permits of a half-open breaker: exactly half-open-calls of them get one. */
    @Test
    void aHalfOpenBreakerHandsOutExactlyItsTrialPermits() throws Exception {
        int permits = 3;
        breakers.enablePassive(policy(permits));
        breakers.failed(FREE, "Connection refused");
        awaitHalfOpen(FREE);

        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> granted = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                granted.add(pool.submit(() -> {
                    start.await();
                    int got = 0;
                    for (int attempt = 0; attempt < 50; attempt++) {
                        got += trial(FREE) ? 1 : 0;
                    }
                    return got;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> g : granted) {
                total += g.get(10, TimeUnit.SECONDS);
            }
            assertEquals(permits, total, "400 requests for 3 permits");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(OpenHosts.isHalfOpen(FREE), "no outcome yet: still half-open");
        breakers.succeeded(FREE);
        assertEquals("CLOSED", state(FREE));
        assertNull(Gate.rejectKey(FREE), "closed: calls go through");
    }

    /** A trial call that never reports (an async call) does not keep its permit: it is handed out again. */
    @Test
    void aPermitWhoseCallNeverReportsIsHandedOutAgain() {
        breakers.enablePassive(policy(1));
        breakers.failed(FREE, "Connection refused");
        awaitHalfOpen(FREE);
        assertTrue(trial(FREE));
        assertFalse(trial(FREE), "the only permit is taken");
        long end = System.nanoTime() + 10 * WINDOW.toNanos();
        while (!trial(FREE)) {
            assertTrue(System.nanoTime() < end, "the permit never came back");
            sleep(5);
        }
        assertTrue(OpenHosts.isHalfOpen(FREE));
    }

    /** A target going DOWN while a passively opened breaker is half-open: open, no more trials; its UP closes it. */
    @Test
    void aDownTargetWinsOverAHalfOpenBreaker() {
        breakers.enablePassive(policy(2));
        breakers.failed(FREE, "Connection refused");
        awaitHalfOpen(FREE);
        assertEquals(List.of(FREE), breakers.targetDown("api", List.of(FREE), "HTTP 503"), "half-open -> open: opened now");
        assertFalse(OpenHosts.isHalfOpen(FREE));
        assertTrue(OpenHosts.isOpen(FREE));
        assertFalse(trial(FREE));
        assertEquals(List.of(FREE), breakers.targetUp("api", List.of(FREE)));
        assertEquals("CLOSED", state(FREE));
        assertNull(Gate.rejectKey(FREE));
    }

    @Test
    void rejectionsAreCountedPerHost() {
        breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        breakers.rejected("db:5432");
        breakers.rejected("db:5432");
        breakers.rejected("unknown:1");
        BreakerView view = breakers.snapshot().get(0);
        assertEquals("db:5432", view.host());
        assertEquals(2, view.rejectedCalls());
    }

    private String state(String host) {
        return breakers.snapshot().stream().filter(v -> v.host().equals(host)).findFirst().orElseThrow().state().name();
    }

    /** One application call to the host, as advice makes it, through its exit. @return true when it went through */
    private static boolean trial(String host) {
        boolean through = Gate.rejectKey(host) == null;
        Gate.callEnded();
        return through;
    }

    private static void awaitHalfOpen(String host) {
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!OpenHosts.isHalfOpen(host)) {
            assertTrue(System.nanoTime() < end, host + " never half-opened");
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
