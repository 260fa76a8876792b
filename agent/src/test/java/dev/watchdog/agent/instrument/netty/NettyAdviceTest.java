package dev.watchdog.agent.instrument.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The advice on stand-ins with {@code HeadContext}'s shapes: the context and channel are reached only
 * through public interfaces (as Netty's package-private classes are), the message is a real Netty ByteBuf.
 * The real pipeline is covered end to end (NettyFailFastTest).
 */
public class NettyAdviceTest {

    /** A handler context's public face: {@code channel()}. */
    public interface Context {
        Channel channel();
    }

    /** A channel's public face: {@code remoteAddress()}. */
    public interface Channel {
        SocketAddress remoteAddress();
    }

    /** The stand-in head: its methods record what reached the transport. */
    public static class StandInHead implements BiConsumer<Object, Object> {

        @Override
        public void accept(Object first, Object second) {
            if (first instanceof SocketAddress remote) {
                connect(null, remote, null, null);
            } else {
                write(first, second, null);
            }
        }

        public void connect(Object ctx, SocketAddress remote, SocketAddress local, Object promise) {
            REACHED.add(remote);
        }

        public void write(Object ctx, Object msg, Object promise) {
            REACHED.add(msg);
        }
    }

    public static final List<Object> REACHED = new CopyOnWriteArrayList<>();

    private final List<String> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(GateAccess.control()::close);
        REACHED.clear();
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
    private static BiConsumer<Object, Object> head(Class<?> advice, String method) {
        try {
            return Advised.instance(StandInHead.class, advice, method, BiConsumer.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A context whose channel is connected to {@code remote}, built from package-private classes like Netty's. */
    private static Object contextTo(SocketAddress remote) {
        return new PrivateContext(new PrivateChannel(remote));
    }

    @Test
    void aWriteToAnOpenHostFailsAndReleasesItsMessage() throws Exception {
        BiConsumer<Object, Object> head = head(NettyWriteAdvice.class, "write");
        try (TestGate gate = gate("127.0.0.1:5432")) {
            ByteBuf message = Unpooled.buffer(8).writeLong(1);
            ConnectException thrown = assertThrows(ConnectException.class,
                    () -> head.accept(contextTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432)), message));
            assertTrue(thrown.getMessage().startsWith("watchdog: circuit open for 127.0.0.1:5432"), thrown.getMessage());
            assertEquals(0, message.refCnt(), "the message the head will not write is released");
            assertTrue(REACHED.isEmpty());

            ByteBuf other = Unpooled.buffer(8);
            head.accept(contextTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379)), other);
            assertEquals(1, other.refCnt());
            assertSame(other, REACHED.get(0), "a write to another host goes through untouched");
            assertEquals(List.of("127.0.0.1:5432"), gate.rejections());
        }
    }

    @Test
    void writesGoThroughWhileNothingIsOpenOrTheChannelIsUnreadable() throws Exception {
        BiConsumer<Object, Object> head = head(NettyWriteAdvice.class, "write");
        ByteBuf message = Unpooled.buffer(8);
        head.accept(contextTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432)), message);
        try (TestGate gate = gate("127.0.0.1:5432")) {
            head.accept(new Object(), message);   // no channel() to read: the write goes on
            head.accept(contextTo(null), message);   // not connected
        }
        assertEquals(List.of(message, message, message), REACHED);
        assertEquals(1, message.refCnt());
    }

    @Test
    void aConnectToAnOpenHostFailsByNameOrByIpLiteral() throws Exception {
        BiConsumer<Object, Object> head = head(NettyConnectAdvice.class, "connect");
        try (TestGate gate = gate("cache.internal:6379", "127.0.0.1:5432")) {
            ConnectException byName = assertThrows(ConnectException.class,
                    () -> head.accept(InetSocketAddress.createUnresolved("cache.internal", 6379), null));
            assertTrue(byName.getMessage().startsWith("watchdog: circuit open for cache.internal:6379"));
            InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("db.local", new byte[] {127, 0, 0, 1}), 5432);
            assertThrows(ConnectException.class, () -> head.accept(named, null));
            InetSocketAddress other = InetSocketAddress.createUnresolved("cache.internal", 6380);
            head.accept(other, null);
            assertEquals(List.of(other), REACHED);
            assertEquals(List.of("127.0.0.1:5432", "cache.internal:6379"), gate.rejections());
        }
    }

    /** Package-private, as Netty's {@code DefaultChannelPipeline$HeadContext}: reachable only through its interface. */
    static final class PrivateContext implements Context {
        private final Channel channel;

        PrivateContext(Channel channel) {
            this.channel = channel;
        }

        @Override
        public Channel channel() {
            return channel;
        }
    }

    static final class PrivateChannel implements Channel {
        private final SocketAddress remote;

        PrivateChannel(SocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public SocketAddress remoteAddress() {
            return remote;
        }
    }
}
