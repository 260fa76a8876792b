package dev.watchdog.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Half-open trial permits and the failure/success reports of passive detection. */
class GatePassiveTest {

    private final AtomicInteger permits = new AtomicInteger();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void reset() {
        Gate.close("db:5432");
        Gate.setListener(null);
    }

    @Test
    void aHalfOpenHostLetsThroughOnlyItsTrialCalls() {
        Gate.setListener(listener());
        permits.set(1);
        Gate.halfOpen("db:5432", "watchdog: circuit open for db:5432 (half-open)");
        assertTrue(Gate.anyOpen(), "advice must look at a half-open host");
        assertTrue(Gate.anyTrial());
        assertNull(Gate.rejectHost("db", 5432), "the trial call");
        assertNull(Gate.rejectSocket("db", 5432), "the trial call's own socket needs no second permit");
        Gate.succeeded(null, null);   // ends this thread's trial
        assertEquals("watchdog: circuit open for db:5432 (half-open)", Gate.rejectHost("db", 5432), "no permit left");
        assertEquals(List.of("trial db:5432", "succeeded", "trial db:5432", "rejected db:5432"), events);
        Gate.close("db:5432");
        assertFalse(Gate.anyTrial());
        assertFalse(Gate.anyOpen());
    }

    @Test
    void openAfterHalfOpenRejectsAgain() {
        Gate.setListener(listener());
        Gate.halfOpen("db:5432", "half");
        Gate.open("db:5432", "open");
        assertFalse(Gate.anyTrial());
        assertFalse(Gate.isHalfOpen("db:5432"));
        assertEquals("open", Gate.rejectHost("db", 5432));
    }

    @Test
    void failuresAreReportedOncePerCall() {
        // reported with or without passive detection: the agent also checks a failing host's targets at once
        Gate.setListener(listener());
        ConnectException refused = new ConnectException("Connection refused");
        Gate.failed("socket", null, refused);
        Gate.failed("client", null, refused);                                  // rethrown by an outer hook
        Gate.failed("wrapper", null, new IOException("wrapped", refused));     // wrapped by an outer hook
        Gate.failed("next", null, new ConnectException("Connection refused")); // the next call
        assertEquals(List.of("failed socket", "failed next"), events);
    }

    @Test
    void theAgentsOwnThreadsReportNothing() throws InterruptedException {
        Gate.setListener(listener());
        Thread t = new AgentThread(() -> Gate.failed("check", null, new ConnectException()), "watchdog-test");
        t.start();
        t.join();
        assertEquals(List.of(), events);
    }

    private GateListener listener() {
        return new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return new String[0];
            }

            @Override
            public void rejected(String hostKey, boolean enforced) {
                events.add("rejected " + hostKey);
            }

            @Override
            public void seen(String hostKey) {
            }

            @Override
            public void adviceFailed(Throwable error) {
            }

            @Override
            public boolean tryTrial(String hostKey) {
                events.add("trial " + hostKey);
                return permits.getAndDecrement() > 0;
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
