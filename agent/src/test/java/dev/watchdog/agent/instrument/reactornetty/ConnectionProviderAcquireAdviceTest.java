package dev.watchdog.agent.instrument.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/** The advice on a stand-in with the providers' {@code acquire(config, observer, remoteAddress, resolver)} shape. */
public class ConnectionProviderAcquireAdviceTest {

    /** Acquiring "succeeds" with a Mono of the address it was given. */
    public static class StandInProvider implements Function<Supplier<? extends SocketAddress>, Mono<?>> {

        @Override
        public Mono<?> apply(Supplier<? extends SocketAddress> remote) {
            return acquire(null, null, remote, null);
        }

        public Mono<?> acquire(Object config, Object observer, Supplier<? extends SocketAddress> remoteAddress, Object resolver) {
            return Mono.just("connection");
        }
    }

    private final List<String> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(GateAccess.control()::close);
    }

    @SuppressWarnings("unchecked")
    private static Function<Supplier<? extends SocketAddress>, Mono<?>> provider() throws Exception {
        return Advised.instance(StandInProvider.class, ConnectionProviderAcquireAdvice.class, "acquire", Function.class);
    }

    @Test
    void anOpenHostGetsAFailedMonoByNameOrIpLiteralAndNoConnection() throws Exception {
        Function<Supplier<? extends SocketAddress>, Mono<?>> provider = provider();
        try (TestGate gate = new TestGate().open("api.internal:8080").open("127.0.0.1:5432")) {
            opened.addAll(List.of("api.internal:8080", "127.0.0.1:5432"));
            AtomicInteger asked = new AtomicInteger();
            Mono<?> byName = provider.apply(() -> {
                asked.incrementAndGet();
                return InetSocketAddress.createUnresolved("api.internal", 8080);
            });
            Throwable failure = failureOf(byName);
            assertInstanceOf(ConnectException.class, failure);
            assertTrue(failure.getMessage().startsWith("watchdog: circuit open for api.internal:8080"));
            assertEquals(1, asked.get(), "the supplier is asked once, on the caller's thread");

            InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("db.local", new byte[] {127, 0, 0, 1}), 5432);
            assertInstanceOf(ConnectException.class, failureOf(provider.apply(() -> named)));

            assertSame("connection", provider.apply(() -> InetSocketAddress.createUnresolved("api.internal", 8081)).block());
            assertEquals(List.of("127.0.0.1:5432", "api.internal:8080"), gate.rejections());
        }
    }

    private static Throwable failureOf(Mono<?> mono) {
        try {
            mono.block();
            return null;
        } catch (RuntimeException e) {
            return Exceptions.unwrap(e);
        }
    }

    @Test
    void nothingOpenNothingAsked() throws Exception {
        Function<Supplier<? extends SocketAddress>, Mono<?>> provider = provider();
        AtomicInteger asked = new AtomicInteger();
        assertSame("connection", provider.apply(() -> {
            asked.incrementAndGet();
            return InetSocketAddress.createUnresolved("api.internal", 8080);
        }).block());
        // the gate is static: a test before this one may have left discovery on, which also makes acquire look
        assertEquals(dev.watchdog.bootstrap.Gate.active() ? 1 : 0, asked.get(),
                "while the gate is inactive the advice reads one volatile and nothing else");
    }
}
