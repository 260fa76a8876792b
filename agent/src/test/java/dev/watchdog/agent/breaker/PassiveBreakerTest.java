package dev.watchdog.agent.breaker;


import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.Gate;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passive detection with real Failsafe breakers and the real timer; delays of a few hundred ms. */
class PassiveBreakerTest {

    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** A host of this test's own: an earlier test's breaker timer (a re-arm) never touches it in the shared gate. */
    private final String HOST = "passive" + TESTS.incrementAndGet() + ".test:5432";

    private final HostBreakers breakers = new HostBreakers();

    @AfterEach
    void closeGate() {
        GateAccess.control().close(HOST);
    }

    /** One application call to the host, as advice makes it: @return true when it went through (a trial) */
    private boolean trial() {
        boolean through = Gate.rejectKey(HOST) == null;
        Gate.callEnded();
        return through;
    }

    private void policy(int threshold, Duration window, Duration delay, int halfOpenCalls) {
        breakers.enablePassive(new PassivePolicy(threshold, window, delay, halfOpenCalls, delay.multipliedBy(8)));
    }

    @Test
    void theThresholdOfConnectionFailuresOpensTheHostWithItsReason() {
        policy(5, Duration.ofSeconds(10), Duration.ofSeconds(30), 1);
        for (int i = 0; i < 4; i++) {
            breakers.failed(HOST, "Connection refused");
        }
        assertFalse(OpenHosts.isOpen(HOST));
        assertEquals("CLOSED", state());
        breakers.failed(HOST, "Connection refused");
        assertTrue(OpenHosts.isOpen(HOST));
        assertEquals("OPEN", state());
        assertEquals("watchdog: circuit open for " + HOST + " (5 connection failures in 10s: Connection refused)",
                view().reason());
        assertEquals("connection failure: Connection refused", view().lastFailure());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() throws InterruptedException {
        policy(2, Duration.ofMillis(200), Duration.ofSeconds(30), 1);
        breakers.failed(HOST, "Connection refused");
        Thread.sleep(500);
        breakers.failed(HOST, "Connection refused");
        assertEquals("CLOSED", state());
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state());
    }

    @Test
    void afterTheDelayOnlyTheTrialCallsGoThroughAndASuccessCloses() {
        policy(1, Duration.ofSeconds(10), Duration.ofMillis(100), 2);
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state());
        assertFalse(trial(), "no trial while open");
        await(() -> OpenHosts.isHalfOpen(HOST));
        assertEquals("HALF_OPEN", state());
        assertTrue(trial());
        assertTrue(trial());
        assertFalse(trial(), "half-open-calls=2");
        breakers.succeeded(HOST);
        assertEquals("CLOSED", state());
        assertFalse(OpenHosts.isOpen(HOST) || OpenHosts.isHalfOpen(HOST));
        assertEquals("", view().reason());
    }

    @Test
    void aFailedTrialReopensWithTheDelayDoubled() {
        policy(1, Duration.ofSeconds(10), Duration.ofMillis(150), 1);
        breakers.failed(HOST, "Connection refused");
        long opened = System.nanoTime();
        await(() -> OpenHosts.isHalfOpen(HOST));
        long firstDelay = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(trial());
        breakers.failed(HOST, "Connection refused");
        long reopened = System.nanoTime();
        assertEquals("OPEN", state());
        assertTrue(view().reason().contains("trial call failed: Connection refused"), view().reason());
        await(() -> OpenHosts.isHalfOpen(HOST));
        long secondDelay = (System.nanoTime() - reopened) / 1_000_000;
        // 150ms +-20%, then 300ms +-20%
        assertTrue(firstDelay >= 120, firstDelay + "ms");
        assertTrue(secondDelay >= 240, secondDelay + "ms");
    }

    @Test
    void aDownTargetKeepsThePassivelyOpenedHostOpenAndItsUpVerdictClosesIt() throws InterruptedException {
        policy(1, Duration.ofSeconds(10), Duration.ofMillis(100), 1);
        breakers.failed(HOST, "Connection refused");
        breakers.targetDown("db", List.of(HOST), "Connection refused");
        Thread.sleep(400);
        assertEquals("OPEN", state(), "no half-open while a target is DOWN");
        assertFalse(trial());
        breakers.failed(HOST, "Connection refused");
        assertEquals(List.of(HOST), breakers.targetUp("db", List.of(HOST)));
        assertEquals("CLOSED", state());
        assertFalse(OpenHosts.isOpen(HOST));
    }

    @Test
    void anUpVerdictClosesAPassivelyOpenedHostAtOnce() {
        policy(1, Duration.ofSeconds(10), Duration.ofSeconds(30), 1);
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state());
        assertEquals(List.of(HOST), breakers.targetUp("db", List.of(HOST)));
        assertEquals("CLOSED", state());
        assertFalse(OpenHosts.isOpen(HOST));
    }

    @Test
    void aForcedStateBeatsFailuresAndTrials() {
        policy(1, Duration.ofSeconds(10), Duration.ofMillis(100), 1);
        breakers.forceClosed(HOST);
        breakers.failed(HOST, "Connection refused");
        breakers.failed(HOST, "Connection refused");
        assertEquals("FORCED_CLOSED", state());
        assertFalse(OpenHosts.isOpen(HOST));
        breakers.release(HOST);
        breakers.failed(HOST, "Connection refused");
        assertEquals("OPEN", state());
        breakers.forceOpen(HOST);
        await(() -> false, 400);
        assertEquals("FORCED_OPEN", state(), "the passive delay does not half-open a forced breaker");
        assertFalse(trial());
    }

    @Test
    void passiveDetectionOffCountsNothing() {
        breakers.failed(HOST, "Connection refused");
        assertTrue(breakers.snapshot().isEmpty());
    }

    private BreakerView view() {
        return breakers.snapshot().stream().filter(v -> v.host().equals(HOST)).findFirst().orElseThrow();
    }

    private String state() {
        return view().state().name();
    }

    private static void await(BooleanSupplier condition) {
        await(condition, 3000);
        assertTrue(condition.getAsBoolean(), "condition not met in 3s");
    }

    private static void await(BooleanSupplier condition, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
