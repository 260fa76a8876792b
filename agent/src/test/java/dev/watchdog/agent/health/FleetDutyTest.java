package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.bootstrap.AgentThread;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A target in fleet mode ({@link ProbeDuty}): its scheduled checks left to the fleet's probers, the fleet's
 * verdicts applied at once, and this member's own DOWN that the fleet contradicts kept and marked alone. The duty
 * here is the fleet's answer set by the test (the fleet itself is tested against Redis in the fleet package).
 */
class FleetDutyTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new AgentThread(r, "watchdog-test-health"));
    private final ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newCachedThreadPool(r -> new AgentThread(r, "watchdog-test-check"));
    private final RecordingListener listener = new RecordingListener();
    private final Duty duty = new Duty();
    private final List<TargetMonitor> monitors = new java.util.ArrayList<>();

    /** What the fleet would answer: set by each test. */
    static final class Duty implements ProbeDuty {
        final AtomicBoolean mine = new AtomicBoolean(true);
        final AtomicBoolean fleetUp = new AtomicBoolean(true);
        final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean mustProbe(String target) {
            return mine.get();
        }

        @Override
        public void observed(String target, boolean up, String reason) {
            observed.add(up ? "UP" : "DOWN");
        }

        @Override
        public boolean fleetSaysUp(String target) {
            return fleetUp.get();
        }
    }

    @AfterEach
    void tearDown() {
        monitors.forEach(TargetMonitor::stop);   // no host left in doubt for the next test (Evidence is the JVM's)
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private TargetMonitor monitor(Check check) {
        TargetConfig t = new TargetConfig("db", CheckKind.TCP, "tcp://127.0.0.1:1", List.of("127.0.0.1:1"), Duration.ofMillis(20),
                Duration.ofMillis(200), 1, 1, null, null, Duration.ofMillis(20), null, null, null);
        TargetMonitor m = new TargetMonitor(t, new SharedProbe(check, t.timeout(), workers), scheduler, listener,
                LongUnaryOperator.identity(), false, () -> duty);
        monitors.add(m);
        return m;
    }

    @Test
    void aScheduledCheckIsLeftToTheFleetsProbersWhileUp() {
        AtomicInteger probes = new AtomicInteger();
        duty.mine.set(false);
        TargetMonitor m = monitor(timeout -> probes.incrementAndGet());
        m.start();
        Await.until("checks left to the fleet", () -> m.view().leftToFleet() >= 5, m::view);
        assertEquals(1, probes.get(), "only the first check (the member's own first verdict) probes");
        duty.mine.set(true);
        Await.until("probing again once the duty is this member's", () -> probes.get() >= 3, probes::get);
        assertEquals(List.of("db:UNKNOWN->UP"), listener.events);
        assertTrue(duty.observed.contains("UP"), "own verdicts go to the fleet: " + duty.observed);
    }

    @Test
    void theFleetsDownOpensAndItsEndClosesWithoutAProbeHere() {
        AtomicInteger probes = new AtomicInteger();
        duty.mine.set(false);
        TargetMonitor m = monitor(timeout -> probes.incrementAndGet());
        m.start();
        Await.until("UP", () -> m.health() == Health.UP, m::view);
        scheduler.execute(() -> m.fleet(true, "2 of 2 probers say DOWN"));
        Await.until("DOWN by quorum", () -> m.health() == Health.DOWN, m::view);
        assertEquals("quorum", m.view().source());
        int before = probes.get();
        m.hurry();   // the application's calls are rejected now: the fleet decides, not a probe here
        scheduler.execute(() -> m.fleet(false, "the probers say UP"));
        Await.until("UP by quorum", () -> m.health() == Health.UP, m::view);
        assertEquals(before, probes.get(), "no probe here while the fleet held it DOWN");
        assertEquals(List.of("db:UNKNOWN->UP", "db:UP->DOWN", "db:DOWN->UP"), listener.events);
        assertTrue(m.view().transitions().get(1).reason().startsWith("fleet: 2 of 2 probers say DOWN"), m.view().toString());
    }

    @Test
    void anOwnDownTheFleetContradictsStaysAndIsAlone() {
        AtomicBoolean reachable = new AtomicBoolean(true);
        duty.mine.set(false);
        TargetMonitor m = monitor(timeout -> {
            if (!reachable.get()) {
                throw new IOException("Connection refused");
            }
        });
        m.start();
        Await.until("UP", () -> m.health() == Health.UP, m::view);
        reachable.set(false);
        // this member's own calls fail: it looks for itself (a hurry within a fifth of the interval of the last probe
        // takes that probe's result, so the calls go on asking, as they do)
        Await.until("DOWN by its own probe", () -> {
            m.hurry();
            return m.health() == Health.DOWN;
        }, m::view);
        assertEquals("own", m.view().source());
        scheduler.execute(() -> m.fleet(false, "the probers say UP"));   // the fleet's UP does not close it
        Await.until("alone once the fleet had time to see it too", () -> m.view().alone(), m::view);
        assertEquals(Health.DOWN, m.health());
        reachable.set(true);
        Await.until("UP by its own probe", () -> m.health() == Health.UP, m::view);
        assertFalse(m.view().alone());
    }
}
