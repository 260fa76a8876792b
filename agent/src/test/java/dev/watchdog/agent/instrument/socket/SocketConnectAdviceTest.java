package dev.watchdog.agent.instrument.socket;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The advice on a stand-in with {@code Socket#connect}'s shape; the real JDK classes are covered end to end. */
public class SocketConnectAdviceTest {

    /** Connecting "succeeds" by recording the address. */
    public static class StandInSocket implements Consumer<SocketAddress> {

        @Override
        public void accept(SocketAddress endpoint) {
            try {
                connect(endpoint, 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public void connect(SocketAddress endpoint, int timeout) throws java.io.IOException {
            CONNECTED.add(endpoint);   // the test's own list: the advised copy is another class
        }
    }

    public static final List<SocketAddress> CONNECTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<String> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(dev.watchdog.agent.gate.GateAccess.control()::close);
        CONNECTED.clear();
    }

    private TestGate gate(String... open) {
        TestGate gate = new TestGate();
        for (String h : open) {
            gate.open(h);
            opened.add(h);
        }
        return gate;
    }

    @SuppressWarnings("unchecked")
    private static Consumer<SocketAddress> socket() throws Exception {
        return Advised.instance(StandInSocket.class, SocketConnectAdvice.class, "connect", Consumer.class);
    }

    @Test
    void openHostIsRefusedByNameOrByIpLiteral() throws Exception {
        Consumer<SocketAddress> socket = socket();
        try (TestGate gate = gate("cache.internal:6379", "127.0.0.1:5432")) {
            Throwable byName = assertThrows(java.io.UncheckedIOException.class,
                    () -> socket.accept(InetSocketAddress.createUnresolved("cache.internal", 6379))).getCause();
            assertTrue(byName instanceof ConnectException && byName.getMessage().contains("cache.internal:6379"));
            InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("db.local", new byte[] {127, 0, 0, 1}), 5432);
            assertThrows(java.io.UncheckedIOException.class, () -> socket.accept(named));
            assertEquals(List.of("127.0.0.1:5432", "cache.internal:6379"), gate.rejections(), "each call counted once");
            assertTrue(CONNECTED.isEmpty());
        }
    }

    @Test
    void otherHostsAndAgentThreadsGoThrough() throws Exception {
        Consumer<SocketAddress> socket = socket();
        try (TestGate gate = gate("cache.internal:6379")) {
            assertDoesNotThrow(() -> socket.accept(InetSocketAddress.createUnresolved("cache.internal", 6380)));
            AtomicReference<Throwable> onAgentThread = new AtomicReference<>();
            Thread t = new AgentThread(() -> {
                try {
                    socket.accept(InetSocketAddress.createUnresolved("cache.internal", 6379));
                } catch (Throwable e) {
                    onAgentThread.set(e);
                }
            }, "test");
            t.start();
            t.join();
            assertEquals(null, onAgentThread.get(), "health checks reach the host whose breaker they hold");
            assertEquals(2, CONNECTED.size());
            assertTrue(gate.rejections().isEmpty());
        }
    }
}
