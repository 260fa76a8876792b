package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's last server address, known by identity, held weakly, in a table that never grows. */
class ClientAddressesTest {

    private static final String OPEN = "redis:6379";

    /** A stand-in whose equals would match every other: the table must compare identity. */
    private static final class Endpoint {
        @Override
        public boolean equals(Object other) {
            return other instanceof Endpoint;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @AfterEach
    void reset() {
        TestControl.delivered();
        GATE.close(OPEN);
        GATE.setListener(null);
    }

    @Test
    void anEndpointIsKnownByIdentityWithItsLastAddress() {
        Endpoint endpoint = new Endpoint();
        Endpoint other = new Endpoint();
        ClientAddresses.connected(endpoint, InetSocketAddress.createUnresolved("redis", 6379));
        assertEquals(InetSocketAddress.createUnresolved("redis", 6379), ClientAddresses.addressOf(endpoint));
        ClientAddresses.connected(endpoint, InetSocketAddress.createUnresolved("replica", 6380));   // reconnected elsewhere
        assertEquals(InetSocketAddress.createUnresolved("replica", 6380), ClientAddresses.addressOf(endpoint));
        ClientAddresses.learned(endpoint, InetSocketAddress.createUnresolved("10.0.0.7", 6380));   // its channel: the name stays
        assertEquals(InetSocketAddress.createUnresolved("replica", 6380), ClientAddresses.addressOf(endpoint));
        assertNull(ClientAddresses.addressOf(other), "equal, but never connected");
        ClientAddresses.learned(other, InetSocketAddress.createUnresolved("10.0.0.7", 6380));
        assertEquals(InetSocketAddress.createUnresolved("10.0.0.7", 6380), ClientAddresses.addressOf(other), "nothing known: learned");
        assertNull(ClientAddresses.addressOf(null));
        ClientAddresses.closed(endpoint);
        assertNull(ClientAddresses.addressOf(endpoint), "closed: forgotten at once");
        assertEquals(InetSocketAddress.createUnresolved("10.0.0.7", 6380), ClientAddresses.addressOf(other));
        ClientAddresses.closed(null);
    }

    @Test
    void aUnixSocketIsNotRecorded() {
        Endpoint endpoint = new Endpoint();
        ClientAddresses.connected(endpoint, UnixDomainSocketAddress.of("/tmp/redis.sock"));
        ClientAddresses.connected(endpoint, null);
        assertNull(ClientAddresses.addressOf(endpoint));
    }

    @Test
    void aDisconnectedEndpointIsRejectedByTheAddressItLastHad() {
        GATE.setListener(new NoListener());
        GATE.open(OPEN, "watchdog: circuit open for " + OPEN);
        Endpoint endpoint = new Endpoint();
        assertNull(ClientAddresses.reject(endpoint, null, null), "never connected: nothing known, the call goes on");
        assertEquals("watchdog: circuit open for " + OPEN, ClientAddresses.reject(endpoint, InetSocketAddress.createUnresolved("redis", 6379), null));
        assertEquals("watchdog: circuit open for " + OPEN, ClientAddresses.reject(endpoint, null, null), "disconnected: the address seen while connected");
        Endpoint named = new Endpoint();
        ClientAddresses.connected(named, InetSocketAddress.createUnresolved("redis", 6379));
        assertEquals("watchdog: circuit open for " + OPEN, ClientAddresses.reject(named, InetSocketAddress.createUnresolved("127.0.0.1", 6379), null),
                "the name it was connected by wins over its channel's address");
        assertNull(ClientAddresses.reject(new Endpoint(), InetSocketAddress.createUnresolved("replica", 6379), null));
        try (AgentWork.Scope ignored = AgentWork.begin()) {
            assertNull(ClientAddresses.reject(endpoint, InetSocketAddress.createUnresolved("redis", 6379), null), "the agent's own work");
        }
    }

    @Test
    void anEndpointNeverSeenConnectedIsRejectedByItsReconnectorsLastDestination() {
        GATE.setListener(new NoListener());
        Endpoint endpoint = new Endpoint();
        Object reconnector = new Object();
        ClientAddresses.reconnecting(reconnector, InetSocketAddress.createUnresolved("redis", 6379));
        GATE.open(OPEN, "watchdog: circuit open for " + OPEN);
        assertNull(ClientAddresses.reject(new Endpoint(), null, new Object()), "nothing known of either: the call goes on");
        assertEquals("watchdog: circuit open for " + OPEN, ClientAddresses.reject(endpoint, null, reconnector));
        assertEquals("watchdog: circuit open for " + OPEN, ClientAddresses.reject(endpoint, null, null), "learned for the endpoint");
        ClientAddresses.reconnecting(reconnector, InetSocketAddress.createUnresolved("replica", 6380));
        assertEquals(InetSocketAddress.createUnresolved("replica", 6380), ClientAddresses.addressOf(reconnector), "its latest destination");
    }

    @Test
    void aDroppedEndpointIsCollected() throws InterruptedException {
        Object endpoint = new Endpoint();
        ClientAddresses.connected(endpoint, InetSocketAddress.createUnresolved("redis", 6379));
        WeakReference<Object> dropped = new WeakReference<>(endpoint);
        endpoint = null;
        for (int i = 0; i < 100 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dropped.get(), "the table keeps a closed endpoint alive");
    }

    @Test
    void manyLiveEndpointsNeverGrowTheTable() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 4 * ClientAddresses.SLOTS; i++) {
            Object endpoint = new Endpoint();
            held.add(endpoint);
            ClientAddresses.connected(endpoint, InetSocketAddress.createUnresolved("redis", 1 + i % 60_000));
        }
        int known = 0;
        for (int i = 0; i < held.size(); i++) {
            InetSocketAddress address = ClientAddresses.addressOf(held.get(i));
            if (address != null) {
                assertEquals(1 + i % 60_000, address.getPort());
                known++;
            }
        }
        assertTrue(known <= ClientAddresses.SLOTS, known + " endpoints known: the table grew");
        assertTrue(known >= ClientAddresses.SLOTS / 2, "only " + known + " endpoints known");
    }

    private static final class NoListener implements GateListener {
        @Override
        public String[] hostsOfJdbcUrl(String url) {
            return new String[0];
        }

        @Override
        public void rejected(String hostKey, long calls, boolean enforced) {
        }

        @Override
        public void seen(String hostKey) {
        }

        @Override
        public void adviceFailed(Throwable error) {
        }
    }
}
