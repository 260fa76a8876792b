package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateTest {

    private final List<String> rejected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void reset() {
        TestControl.delivered();   // this test's events reach this test's listener
        GATE.close("db:5432");
        GATE.close("replica:5432");
        GATE.close("api.example.com:443");
        GATE.setEnforcing(true);
        GATE.setDiscovering(false);
        GATE.setListener(null);
    }

    @Test
    void applicationCodeCannotTakeTheSwitchesOnceTheAgentHasThem() {
        assertTrue(GATE != null, "this JVM's agent (the test) holds them");
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, GateControl::claim);
        assertTrue(refused.getMessage().contains("controlled by the agent"));
        for (java.lang.reflect.Method m : Gate.class.getMethods()) {
            assertFalse(m.getName().matches("open|close|halfOpen|setEnforcing|setListener|setDiscovering"),
                    "the gate's public face has no switch: " + m);
        }
    }

    @Test
    void nothingOpenMeansEveryCallGoesThrough() {
        assertFalse(Gate.anyOpen());
        assertNull(Gate.rejectHost("db", 5432));
    }

    @Test
    void anOpenHostRejectsOnlyItsOwnCalls() {
        GATE.setListener(listener(new String[0]));
        GATE.open("db:5432", "watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)");
        assertTrue(Gate.anyOpen());
        assertTrue(Gate.active());
        assertEquals("watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)",
                Gate.rejectHost("DB", 5432));
        assertNull(Gate.rejectHost("db", 5433));
        assertNull(Gate.rejectHost("other", 5432));
        assertEquals(List.of("db:5432"), rejected());
        GATE.close("db:5432");
        assertFalse(Gate.anyOpen());
        assertNull(Gate.rejectHost("db", 5432));
    }

    @Test
    void urlsFillInTheSchemesDefaultPort() {
        GATE.open("api.example.com:443", "open");
        assertEquals("open", Gate.rejectUrl("https", "api.example.com", -1));
        assertNull(Gate.rejectUrl("http", "api.example.com", -1));
    }

    @Test
    void aJdbcUrlIsRejectedOnlyWhenEveryHostIsOpen() {
        GATE.setListener(listener(new String[] {"db:5432", "replica:5432"}));
        GATE.open("db:5432", "db down");
        assertNull(Gate.rejectJdbcUrl("jdbc:postgresql://db,replica/app"), "the replica still serves");
        GATE.open("replica:5432", "replica down");
        assertEquals("db down", Gate.rejectJdbcUrl("jdbc:postgresql://db,replica/app"));
    }

    @Test
    void observeModeCountsButNeverRejects() {
        GATE.setListener(listener(new String[0]));
        GATE.setEnforcing(false);
        GATE.open("db:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));
        assertEquals(List.of("db:5432"), rejected());
    }

    @Test
    void observeModeCountsACallOnceWhenItsClientGoesOnToTheSocket() {
        GATE.setListener(listener(new String[0]));
        GATE.setEnforcing(false);
        GATE.open("db:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));      // the client-level hook counts the call
        assertNull(Gate.rejectSocket("DB", 5432));    // the same call's connect: not again
        assertEquals(List.of("db:5432"), rejected());
        assertNull(Gate.rejectSocket("db", 5432));    // a connect no client-level hook saw counts
        assertEquals(List.of("db:5432", "db:5432"), rejected());
    }

    @Test
    void theClientLevelMarkIsPerHostAndPerThread() throws Exception {
        GATE.setListener(listener(new String[0]));
        GATE.setEnforcing(false);
        GATE.open("db:5432", "open");
        GATE.open("replica:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));
        assertNull(Gate.rejectSocket("replica", 5432));   // another host: its own call
        Thread other = new Thread(() -> Gate.rejectSocket("db", 5432));
        other.start();
        other.join();                                     // another thread: its own call
        assertNull(Gate.rejectSocket("db", 5432));        // consumed here
        assertEquals(List.of("db:5432", "db:5432", "replica:5432"), rejected());
    }

    @Test
    void enforcingTheSocketLevelStillRejects() {
        GATE.setListener(listener(new String[0]));
        GATE.open("db:5432", "db down");
        assertEquals("db down", Gate.rejectSocket("db", 5432));
        assertEquals(List.of("db:5432"), rejected());
    }

    @Test
    void theAgentsOwnThreadsAreNeverRejected() throws Exception {
        GATE.open("db:5432", "open");
        AtomicReference<String> seen = new AtomicReference<>("not run");
        Thread t = new AgentThread(() -> seen.set(Gate.rejectHost("db", 5432)), "test");
        assertTrue(t.isDaemon());
        assertEquals("watchdog-test", t.getName());
        t.start();
        t.join();
        assertNull(seen.get());
    }

    @Test
    void discoveryMakesTheConnectPathActiveAndReportsEachHostSeen() {
        GATE.setListener(listener(new String[] {"db:5432"}));
        assertFalse(Gate.active());
        GATE.setDiscovering(true);
        assertTrue(Gate.active());
        assertFalse(Gate.anyOpen(), "statements stay on the one-read path");
        assertNull(Gate.rejectHost("API.example.com", 443));
        assertNull(Gate.rejectJdbcUrl("jdbc:postgresql://db/app"));
        TestControl.delivered();
        assertEquals(List.of("api.example.com:443", "db:5432"), seen);
        GATE.setDiscovering(false);
        assertFalse(Gate.active());
    }

    @Test
    void openIpv6HostsAreFoundWithOrWithoutBrackets() {
        GATE.open("[::1]:8080", "v6 open");
        try {
            assertEquals("v6 open", Gate.rejectHost("::1", 8080));
            assertEquals("v6 open", Gate.rejectHost("[::1]", 8080));
            assertNull(Gate.rejectHost("::2", 8080));
        } finally {
            GATE.close("[::1]:8080");
        }
    }

    @Test
    void hostKeysAreLowerCaseAndBracketIpv6() {
        assertEquals("db.internal:5432", Gate.key("DB.Internal", 5432));
        assertEquals("[::1]:8080", Gate.key("::1", 8080));
        assertEquals("[::1]:8080", Gate.key("[::1]", 8080));
    }

    /** The rejections the agent's side was told of, by host. */
    private List<String> rejected() {
        TestControl.delivered();
        return rejected.stream().sorted().toList();
    }

    private GateListener listener(String[] jdbcHosts) {
        return new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return jdbcHosts;
            }

            @Override
            public void rejected(String hostKey, long calls, boolean enforced) {
                for (long i = 0; i < calls; i++) {
                    rejected.add(hostKey);
                }
            }

            @Override
            public void seen(String hostKey) {
                seen.add(hostKey);
            }

            @Override
            public void adviceFailed(Throwable error) {
            }
        };
    }
}
