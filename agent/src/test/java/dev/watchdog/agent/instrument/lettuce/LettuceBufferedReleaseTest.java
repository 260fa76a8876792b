package dev.watchdog.agent.instrument.lettuce;

import static dev.watchdog.agent.instrument.lettuce.AdvisedEndpoint.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.bootstrap.BufferedCommands;
import dev.watchdog.bootstrap.ClientAddresses;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandEncoder;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ConnectionFacade;
import io.lettuce.core.protocol.Endpoint;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A copy of Lettuce's real {@code DefaultEndpoint} with the agent's endpoint advice, connected to the local Redis
 * through Lettuce's own command handler (commands in flight are written to that channel as the endpoint writes
 * them: a renamed copy cannot use the endpoint's own inner classes), then disconnected: the commands it buffered for when it reconnects end
 * when their host's breaker opens ({@link BufferedCommands}), and so do those in flight when a connection to an
 * open host drops (re-queued by the endpoint), each with a {@link RedisConnectionException} carrying the
 * agent's message. A closed or half-open host's commands stay buffered, as without the agent.
 */
class LettuceBufferedReleaseTest {

    private static final InetSocketAddress REDIS = new InetSocketAddress("127.0.0.1", 6379);
    private static final String HOST_KEY = "127.0.0.1:6379";
    private static final String OTHER_KEY = "redis.example:6379";
    private static ClientResources resources;
    private static EventLoopGroup loop;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private TestGate gate;

    @BeforeAll
    static void resources() {
        resources = DefaultClientResources.create();
        loop = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void shutdown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }

    @BeforeEach
    void gate() {
        gate = new TestGate();
    }

    @AfterEach
    void close() {
        endpoints.forEach(ClientAddresses::closed);   // as closing them would: no other test releases their commands
        GateAccess.control().close(HOST_KEY);
        GateAccess.control().close(OTHER_KEY);
        gate.close();
    }

    @Test
    void commandsBufferedBeforeTheOpeningEndWhenTheBreakerOpens() throws Exception {
        Endpoint endpoint = newEndpoint();
        disconnect(endpoint, connect(endpoint));
        AsyncCommand<String, String, String> buffered = ping();
        write(endpoint, buffered);
        Endpoint elsewhere = newEndpoint();   // another host's, never connected
        ClientAddresses.connected(elsewhere, InetSocketAddress.createUnresolved("redis.example", 6379));
        AsyncCommand<String, String, String> other = ping();
        write(elsewhere, other);
        assertFalse(buffered.await(200, TimeUnit.MILLISECONDS), "buffered while disconnected");

        gate.open(HOST_KEY);
        assertEquals(1, BufferedCommands.release(HOST_KEY, "watchdog: circuit open for " + HOST_KEY));

        assertRejected(buffered);
        assertFalse(other.isDone(), "another host's command stays buffered");
        GateAccess.control().close(HOST_KEY);
        AsyncCommand<String, String, String> later = ping();
        write(endpoint, later);
        assertFalse(later.await(200, TimeUnit.MILLISECONDS), "the release is no connection error of the endpoint's: "
                + "once the breaker closed, its commands are buffered again");
    }

    @Test
    void commandsInFlightWhenAConnectionToAnOpenHostDropsEndAtOnce() throws Exception {
        InFlight waiting = inFlight();
        gate.open(HOST_KEY);
        waiting.drop();   // as the release of waiting calls shuts the connection down
        assertRejected(waiting.command());
    }

    @Test
    void aClosedOrHalfOpenHostsCommandsInFlightStayBufferedForTheReconnect() throws Exception {
        InFlight closedHost = inFlight();
        GateAccess.control().open(OTHER_KEY, "watchdog: circuit open for " + OTHER_KEY);   // some breaker is open, not this one
        closedHost.drop();
        assertFalse(closedHost.command().await(300, TimeUnit.MILLISECONDS));

        InFlight halfOpenHost = inFlight();
        GateAccess.control().halfOpen(HOST_KEY, "watchdog: circuit half-open for " + HOST_KEY, 1);
        halfOpenHost.drop();
        assertFalse(halfOpenHost.command().await(300, TimeUnit.MILLISECONDS));
        AsyncCommand<String, String, String> trial = ping();
        try {
            write(halfOpenHost.endpoint(), trial);
            assertFalse(trial.isDone(), "the trial permit was left for a call: this one took it (buffered, not rejected)");
        } finally {
            GateAccess.control().close(HOST_KEY);
        }
    }

    /** A connected endpoint's command the server holds (a pop from a list nobody fills), as a blackholed one would be. */
    private record InFlight(Endpoint endpoint, Channel channel, AsyncCommand<String, String, List<String>> command) {
        void drop() throws Exception {
            disconnect(endpoint, channel);
        }
    }

    private InFlight inFlight() throws Exception {
        Endpoint endpoint = newEndpoint();
        Channel channel = connect(endpoint);
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey("watchdog-test-" + UUID.randomUUID()).add(10);
        AsyncCommand<String, String, List<String>> blpop =
                new AsyncCommand<>(new Command<>(CommandType.BLPOP, new ValueListOutput<>(StringCodec.UTF8), args));
        channel.writeAndFlush(blpop);
        assertFalse(blpop.await(200, TimeUnit.MILLISECONDS), "waiting on the server");
        return new InFlight(endpoint, channel, blpop);
    }

    private static void assertRejected(AsyncCommand<?, ?, ?> command) throws InterruptedException {
        assertTrue(command.await(2, TimeUnit.SECONDS), "still waiting");
        ExecutionException e = assertThrows(ExecutionException.class, () -> command.get(1, TimeUnit.SECONDS));
        assertInstanceOf(RedisConnectionException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("watchdog: circuit open for " + HOST_KEY), e.getCause().getMessage());
    }

    private Endpoint newEndpoint() throws Exception {
        Endpoint endpoint = (Endpoint) AdvisedEndpoint.create(resources);
        AdvisedEndpoint.type().getMethod("setConnectionFacade", ConnectionFacade.class).invoke(endpoint, new ConnectionFacade() {
            @Override
            public void activated() {
            }

            @Override
            public void deactivated() {
            }
        });
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Connects as Lettuce does (its encoder and command handler, which tells the endpoint), proven by a PING. */
    private static Channel connect(Endpoint endpoint) throws Exception {
        Channel channel = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new CommandEncoder(), new CommandHandler(ClientOptions.create(), resources, endpoint));
                    }
                })
                .connect(REDIS).sync().channel();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channelOf(endpoint) != channel) {
            assertTrue(System.nanoTime() < deadline, "the endpoint was never told of its channel (is Redis running on " + REDIS + "?)");
            Thread.sleep(5);
        }
        AsyncCommand<String, String, String> ping = ping();
        channel.writeAndFlush(ping);
        assertEquals("PONG", ping.get(5, TimeUnit.SECONDS));
        return channel;
    }

    /** The connection drops; returns once the endpoint knows (its channel forgotten, its commands re-queued). */
    private static void disconnect(Endpoint endpoint, Channel channel) throws Exception {
        channel.close().sync();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channelOf(endpoint) != null) {
            assertTrue(System.nanoTime() < deadline, "the endpoint was never told its channel closed");
            Thread.sleep(5);
        }
        channel.eventLoop().submit(() -> { }).sync();   // the rest of channelInactive (the re-queue) ran before this task
    }

    private static Object channelOf(Endpoint endpoint) throws Exception {
        Field channel = AdvisedEndpoint.type().getDeclaredField("channel");
        channel.setAccessible(true);
        return channel.get(endpoint);
    }

    private static void write(Endpoint endpoint, RedisCommand<?, ?, ?> command) throws Exception {
        AdvisedEndpoint.write(endpoint, command);
    }
}
