package dev.watchdog.agent.instrument.jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.RethrowRejection;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.bootstrap.AgentWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Jedis advice inlined into a copy of the real {@code redis.clients.jedis.Connection}, to a port where
 * nothing listens: a call let through fails to connect ("Failed to connect"), a rejected one never tries.
 */
class JedisAdviceTest {

    private int port;
    private String hostKey;
    private TestGate gate;

    @BeforeEach
    void open() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();   // closed again: connects there are refused
        }
        hostKey = "127.0.0.1:" + port;
        gate = new TestGate().open(hostKey);
    }

    @AfterEach
    void close() {
        GateAccess.control().close(hostKey);
        gate.close();
    }

    @Test
    void aCommandToAnOpenHostIsRejectedBeforeTheSocket() throws Exception {
        Object connection = connection(JedisRejectAdvice.class, "sendCommand");
        Method send = connection.getClass().getMethod("sendCommand", CommandArguments.class);
        Throwable thrown = failure(() -> send.invoke(connection, new CommandArguments(Protocol.Command.PING)));
        assertInstanceOf(JedisConnectionException.class, thrown);
        assertTrue(thrown.getMessage().startsWith("watchdog: circuit open for " + hostKey), thrown.getMessage());
        assertEquals(List.of(hostKey), gate.rejections());
    }

    @Test
    void aConnectToAnOpenHostIsRejectedBeforeTheSocket() throws Exception {
        Object connection = connection(JedisConnectAdvice.class, "connect");
        Method connect = connection.getClass().getMethod("connect");
        Throwable thrown = failure(() -> connect.invoke(connection));
        assertInstanceOf(JedisConnectionException.class, thrown);
        assertTrue(thrown.getMessage().startsWith("watchdog: circuit open for " + hostKey), thrown.getMessage());
    }

    @Test
    void theAgentsOwnWorkAndOtherHostsGoThrough() throws Exception {
        Object connection = connection(JedisRejectAdvice.class, "sendCommand");
        Method send = connection.getClass().getMethod("sendCommand", CommandArguments.class);
        try (AgentWork.Scope ignored = AgentWork.begin()) {
            Throwable thrown = failure(() -> send.invoke(connection, new CommandArguments(Protocol.Command.PING)));
            assertInstanceOf(JedisConnectionException.class, thrown);
            assertTrue(thrown.getMessage().startsWith("Failed to connect"), "it went to the socket: " + thrown.getMessage());
        }
        GateAccess.control().close(hostKey);
        Throwable thrown = failure(() -> send.invoke(connection, new CommandArguments(Protocol.Command.PING)));
        assertTrue(thrown.getMessage().startsWith("Failed to connect"), "closed again: " + thrown.getMessage());
        assertEquals(List.of(), gate.rejections());
    }

    /** A copy of Jedis' Connection with {@code advice} on {@code method}, to 127.0.0.1:{@link #port}. */
    private Object connection(Class<?> advice, String method) throws Exception {
        Class<?> copy = Advised.copy(Connection.class, advice, RethrowRejection.class, method);
        return copy.getConstructor(JedisSocketFactory.class).newInstance(new DefaultJedisSocketFactory(new HostAndPort("127.0.0.1", port)));
    }

    private interface Invocation {
        void run() throws Exception;
    }

    private static Throwable failure(Invocation invocation) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, invocation::run);
        return e.getCause();
    }
}
