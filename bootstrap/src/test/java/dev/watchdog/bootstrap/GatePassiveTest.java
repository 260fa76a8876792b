package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Half-open trial permits and the failure/success reports of passive detection. */
class GatePassiveTest {

    private static final String HALF = "watchdog: circuit open for db:5432 (half-open)";
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void reset() {
        TestControl.delivered();   // this test's events reach this test's listener
        Gate.callEnded();
        GATE.close("db:5432");
        GATE.setListener(null);
    }

    @Test
    void aHalfOpenHostLetsThroughOnlyItsTrialCalls() {
        GATE.setListener(listener());
        GATE.halfOpen("db:5432", HALF, 1);
        assertTrue(Gate.anyOpen(), "advice must look at a half-open host");
        assertTrue(Gate.anyTrial());
        assertNull(Gate.rejectHost("db", 5432), "the trial call");
        assertNull(Gate.rejectSocket("db", 5432), "the trial call's own socket needs no second permit");
        assertNull(Gate.rejectHost("db", 5432), "the same call's nested client-level hook");
        Gate.succeeded(null, null);   // the call's exit: its permit ends with it
        assertEquals(HALF, Gate.rejectHost("db", 5432), "no permit left");
        assertEquals(List.of("succeeded", "rejected db:5432 x1"), delivered());
        GATE.close("db:5432");
        assertFalse(Gate.anyTrial());
        assertFalse(Gate.anyOpen());
    }

    @Test
    void aPermitBelongsToOneCallNotToItsThread() throws Exception {
        GATE.setListener(listener());
        GATE.halfOpen("db:5432", HALF, 1);
        assertNull(Gate.rejectHost("db", 5432), "an async send takes the permit");
        Gate.callEnded();                       // its exit reports no outcome: the outcome comes later
        assertEquals(HALF, Gate.rejectHost("db", 5432), "the thread's next call is no trial");
        AtomicReference<String> other = new AtomicReference<>("not run");
        Thread t = new Thread(() -> other.set(Gate.rejectHost("db", 5432)));
        t.start();
        t.join();
        assertEquals(HALF, other.get(), "nor another thread's");
    }

    @Test
    void aPermitOfAnEarlierHalfOpenIsNeverHonouredLater() {
        GATE.setListener(listener());
        GATE.halfOpen("db:5432", HALF, 1);
        assertNull(Gate.rejectHost("db", 5432));   // a trial whose exit never ran (a success path skipped it)
        GATE.open("db:5432", "open");
        GATE.halfOpen("db:5432", HALF, 0);          // re-armed: a new episode, no permit left in it
        assertEquals(HALF, Gate.rejectHost("db", 5432), "the old permit is stale");
    }

    @Test
    void permitsAreHandedOutExactlyOnceUnderContention() throws Exception {
        GATE.setListener(listener());
        GATE.halfOpen("db:5432", HALF, 3);
        List<String> passed = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[16];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                if (Gate.rejectHost("db", 5432) == null) {
                    passed.add(Thread.currentThread().getName());
                }
                Gate.callEnded();
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, passed.size());
    }

    @Test
    void openAfterHalfOpenRejectsAgain() {
        GATE.setListener(listener());
        GATE.halfOpen("db:5432", "half", 1);
        GATE.open("db:5432", "open");
        assertFalse(Gate.anyTrial());
        assertFalse(OpenHosts.isHalfOpen("db:5432"));
        assertEquals("open", Gate.rejectHost("db", 5432));
    }

    @Test
    void failuresAreReportedOncePerCall() {
        // reported with or without passive detection: the agent also checks a failing host's targets at once
        GATE.setListener(listener());
        ConnectException refused = new ConnectException("Connection refused");
        Gate.failed("socket", null, refused);
        Gate.failed("client", null, refused);                                  // rethrown by an outer hook
        Gate.failed("wrapper", null, new IOException("wrapped", refused));     // wrapped by an outer hook
        Gate.failed("next", null, new ConnectException("Connection refused")); // the next call
        assertEquals(List.of("failed socket", "failed next"), delivered());
    }

    @Test
    void aConnectRefusedOnTheDriversOwnThreadCountsOnce() throws InterruptedException {
        GATE.setListener(listener());
        ConnectException refused = new ConnectException("Connection refused");
        Thread driverThread = new Thread(() -> Gate.failed("socket", null, refused), "PostgreSQL JDBC driver connection thread");
        driverThread.start();
        driverThread.join();
        Gate.failed("driver", null, new java.sql.SQLException("Connection to db:5432 refused", "08001", refused));
        assertEquals(List.of("failed socket"), delivered());
    }

    @Test
    void aCyclicCauseChainIsWalkedABoundedWay() {
        GATE.setListener(listener());
        Gate.failed("socket", null, new ConnectException("Connection refused"));
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);   // a -> b -> a: only a misbehaving library builds this, and it must not hang the call
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Gate.failed("cyclic", null, a));
        assertEquals(List.of("failed socket", "failed cyclic"), delivered());
    }

    @Test
    void theAgentsOwnThreadsReportNothing() throws InterruptedException {
        GATE.setListener(listener());
        Thread t = new AgentThread(() -> Gate.failed("check", null, new ConnectException()), "watchdog-test");
        t.start();
        t.join();
        assertEquals(List.of(), delivered());
    }

    @Test
    void aListenerThatThrowsNeverReachesTheCallerNorStopsTheNextEvent() {
        GATE.setListener(new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return new String[0];
            }

            @Override
            public void rejected(String hostKey, long calls, boolean enforced) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void seen(String hostKey) {
            }

            @Override
            public void adviceFailed(Throwable error) {
            }

            @Override
            public void failed(Object call, Object target, Throwable thrown) {
                events.add("failed " + call);
                throw new IllegalStateException("listener bug");
            }
        });
        GATE.open("db:5432", "open");
        assertEquals("open", Gate.rejectHost("db", 5432));
        Gate.failed("first", null, new ConnectException());
        Gate.failed("second", null, new ConnectException());
        assertEquals(List.of("failed first", "failed second"), delivered());
    }

    private List<String> delivered() {
        TestControl.delivered();
        return List.copyOf(events);
    }

    private GateListener listener() {
        return new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return new String[0];
            }

            @Override
            public void rejected(String hostKey, long calls, boolean enforced) {
                events.add("rejected " + hostKey + " x" + calls);
            }

            @Override
            public void seen(String hostKey) {
            }

            @Override
            public void adviceFailed(Throwable error) {
            }

            @Override
            public void failed(Object call, Object target, Throwable thrown) {
                events.add("failed " + call);
            }

            @Override
            public void succeeded(Object call, Object target) {
                events.add("succeeded");
            }
        };
    }
}
