package dev.watchdog.agent.instrument.lettuce;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.bootstrap.AgentWork;
import dev.watchdog.bootstrap.ClientAddresses;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write advice inlined into a copy of Lettuce's real {@code DefaultEndpoint}, never connected (as one
 * that lost its connection: commands are buffered): a command for an open host, known by the address the
 * endpoint connected with, is failed at once and returned unbuffered; the agent's own work and other hosts are buffered as before.
 */
class LettuceWriteAdviceTest {

    private static final String HOST_KEY = "redis.example:6379";
    private static ClientResources resources;
    private static Class<?> endpointCopy;
    private TestGate gate;
    private Object endpoint;

    @BeforeAll
    static void copy() throws Exception {
        resources = DefaultClientResources.create();
        // a renamed copy defined beside the original (its package-private neighbours must stay reachable)
        endpointCopy = new ByteBuddy()
                .redefine(DefaultEndpoint.class)
                .name(DefaultEndpoint.class.getName() + "Advised")
                .visit(Advice.to(LettuceWriteAdvice.class)
                        .on(named("write").and(takesArguments(1)).and(takesArgument(0, RedisCommand.class))))
                .visit(Advice.to(LettuceWriteAllAdvice.class)
                        .on(named("write").and(takesArguments(1)).and(takesArgument(0, Collection.class))))
                .make()
                .load(DefaultEndpoint.class.getClassLoader(),
                        ClassLoadingStrategy.UsingLookup.of(MethodHandles.privateLookupIn(DefaultEndpoint.class, MethodHandles.lookup())))
                .getLoaded();
    }

    @AfterAll
    static void shutdown() {
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }

    @BeforeEach
    void open() throws Exception {
        gate = new TestGate().open(HOST_KEY);
        endpoint = endpointCopy.getConstructor(ClientOptions.class, ClientResources.class).newInstance(ClientOptions.create(), resources);
        ClientAddresses.connected(endpoint, InetSocketAddress.createUnresolved("redis.example", 6379));
    }

    @AfterEach
    void close() {
        GateAccess.control().close(HOST_KEY);
        gate.close();
    }

    @Test
    void aCommandForAnOpenHostFailsAtOnceUnbuffered() throws Exception {
        AsyncCommand<String, String, String> ping = ping();
        assertSame(ping, write(ping), "the command is returned, as written");
        assertTrue(ping.isDone());
        ExecutionException e = assertThrows(ExecutionException.class, () -> ping.get(1, TimeUnit.SECONDS));
        assertInstanceOf(RedisConnectionException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("watchdog: circuit open for " + HOST_KEY), e.getCause().getMessage());
        assertEquals(List.of(HOST_KEY), gate.rejections());
    }

    @Test
    void aBatchForAnOpenHostFailsWhole() throws Exception {
        List<AsyncCommand<String, String, String>> batch = List.of(ping(), ping());
        Method write = endpointCopy.getMethod("write", Collection.class);
        assertSame(batch, write.invoke(endpoint, batch));
        assertTrue(batch.stream().allMatch(c -> c.isCompletedExceptionally()));
    }

    @Test
    void theAgentsOwnWorkAndOtherHostsAreBufferedAsBefore() throws Exception {
        AsyncCommand<String, String, String> own = ping();
        try (AgentWork.Scope ignored = AgentWork.begin()) {
            write(own);
        }
        assertFalse(own.isDone(), "buffered until the endpoint connects");
        GateAccess.control().close(HOST_KEY);
        AsyncCommand<String, String, String> closed = ping();
        write(closed);
        assertFalse(closed.isDone());
        assertEquals(List.of(), gate.rejections());
    }

    private Object write(RedisCommand<?, ?, ?> command) throws Exception {
        return endpointCopy.getMethod("write", RedisCommand.class).invoke(endpoint, command);
    }

    private static AsyncCommand<String, String, String> ping() {
        return new AsyncCommand<>(new Command<>(CommandType.PING, new StatusOutput<>(StringCodec.UTF8)));
    }
}
