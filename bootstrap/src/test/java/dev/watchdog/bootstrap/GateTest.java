package dev.watchdog.bootstrap;

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

    private final List<String> rejected = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void reset() {
        Gate.close("db:5432");
        Gate.close("replica:5432");
        Gate.close("api.example.com:443");
        Gate.setEnforcing(true);
        Gate.setDiscovering(false);
        Gate.setListener(null);
    }

    @Test
    void nothingOpenMeansEveryCallGoesThrough() {
        assertFalse(Gate.anyOpen());
        assertNull(Gate.rejectHost("db", 5432));
    }

    @Test
    void anOpenHostRejectsOnlyItsOwnCalls() {
        Gate.setListener(listener(new String[0]));
        Gate.open("db:5432", "watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)");
        assertTrue(Gate.anyOpen());
        assertTrue(Gate.active());
        assertEquals("watchdog: circuit open for db:5432 (target db is DOWN: Connection refused)",
                Gate.rejectHost("DB", 5432));
        assertNull(Gate.rejectHost("db", 5433));
        assertNull(Gate.rejectHost("other", 5432));
        assertEquals(List.of("db:5432"), rejected);
        Gate.close("db:5432");
        assertFalse(Gate.anyOpen());
        assertNull(Gate.rejectHost("db", 5432));
    }

    @Test
    void urlsFillInTheSchemesDefaultPort() {
        Gate.open("api.example.com:443", "open");
        assertEquals("open", Gate.rejectUrl("https", "api.example.com", -1));
        assertNull(Gate.rejectUrl("http", "api.example.com", -1));
    }

    @Test
    void aJdbcUrlIsRejectedOnlyWhenEveryHostIsOpen() {
        Gate.setListener(listener(new String[] {"db:5432", "replica:5432"}));
        Gate.open("db:5432", "db down");
        assertNull(Gate.rejectJdbcUrl("jdbc:postgresql://db,replica/app"), "the replica still serves");
        Gate.open("replica:5432", "replica down");
        assertEquals("db down", Gate.rejectJdbcUrl("jdbc:postgresql://db,replica/app"));
    }

    @Test
    void observeModeCountsButNeverRejects() {
        Gate.setListener(listener(new String[0]));
        Gate.setEnforcing(false);
        Gate.open("db:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));
        assertEquals(List.of("db:5432"), rejected);
    }

    @Test
    void observeModeCountsACallOnceWhenItsClientGoesOnToTheSocket() {
        Gate.setListener(listener(new String[0]));
        Gate.setEnforcing(false);
        Gate.open("db:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));      // the client-level hook counts the call
        assertNull(Gate.rejectSocket("DB", 5432));    // the same call's connect: not again
        assertEquals(List.of("db:5432"), rejected);
        assertNull(Gate.rejectSocket("db", 5432));    // a connect no client-level hook saw counts
        assertEquals(List.of("db:5432", "db:5432"), rejected);
    }

    @Test
    void theClientLevelMarkIsPerHostAndPerThread() throws Exception {
        Gate.setListener(listener(new String[0]));
        Gate.setEnforcing(false);
        Gate.open("db:5432", "open");
        Gate.open("replica:5432", "open");
        assertNull(Gate.rejectHost("db", 5432));
        assertNull(Gate.rejectSocket("replica", 5432));   // another host: its own call
        Thread other = new Thread(() -> Gate.rejectSocket("db", 5432));
        other.start();
        other.join();                                     // another thread: its own call
        assertNull(Gate.rejectSocket("db", 5432));        // consumed here
        assertEquals(List.of("db:5432", "replica:5432", "db:5432"), rejected);
    }

    @Test
    void enforcingTheSocketLevelStillRejects() {
        Gate.setListener(listener(new String[0]));
        Gate.open("db:5432", "db down");
        assertEquals("db down", Gate.rejectSocket("db", 5432));
        assertEquals(List.of("db:5432"), rejected);
    }

    @Test
    void theAgentsOwnThreadsAreNeverRejected() throws Exception {
        Gate.open("db:5432", "open");
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
        Gate.setListener(listener(new String[] {"db:5432"}));
        assertFalse(Gate.active());
        Gate.setDiscovering(true);
        assertTrue(Gate.active());
        assertFalse(Gate.anyOpen(), "statements stay on the one-read path");
        assertNull(Gate.rejectHost("API.example.com", 443));
        assertNull(Gate.rejectJdbcUrl("jdbc:postgresql://db/app"));
        assertEquals(List.of("api.example.com:443", "db:5432"), seen);
        Gate.setDiscovering(false);
        assertFalse(Gate.active());
    }

    @Test
    void openIpv6HostsAreFoundWithOrWithoutBrackets() {
        Gate.open("[::1]:8080", "v6 open");
        try {
            assertEquals("v6 open", Gate.rejectHost("::1", 8080));
            assertEquals("v6 open", Gate.rejectHost("[::1]", 8080));
            assertNull(Gate.rejectHost("::2", 8080));
        } finally {
            Gate.close("[::1]:8080");
        }
    }

    @Test
    void hostKeysAreLowerCaseAndBracketIpv6() {
        assertEquals("db.internal:5432", Gate.key("DB.Internal", 5432));
        assertEquals("[::1]:8080", Gate.key("::1", 8080));
        assertEquals("[::1]:8080", Gate.key("[::1]", 8080));
    }

    private GateListener listener(String[] jdbcHosts) {
        return new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                return jdbcHosts;
            }

            @Override
            public void rejected(String hostKey, boolean enforced) {
                rejected.add(hostKey);
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
