package dev.watchdog.agent.instrument.jedis;

import dev.watchdog.bootstrap.Gate;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Inlined into Jedis' {@code Connection#connect()}, where every new socket starts (a pool's new
 * connections, {@code new Jedis(host, port)}, a broken connection's reconnect): to an open host it throws
 * {@link JedisConnectionException} before any socket is made, as a refused connect would, and a pool
 * creating a connection fails at once with it (Jedis' pools pass their own exceptions through). Read on
 * the connect path: the gate's connect-level test ({@link Gate#active()}), so that discovery sees the host too;
 * {@code sendCommand} calls {@code connect()} before every command, and a connected connection is passed at once.
 */
public final class JedisConnectAdvice {

    private JedisConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static JedisConnectionException enter(@Advice.This Connection connection,
                                                 @Advice.FieldValue("socketFactory") JedisSocketFactory factory) {
        if (!Gate.active() || connection.isConnected() || !(factory instanceof DefaultJedisSocketFactory)) {
            return null;
        }
        HostAndPort target = ((DefaultJedisSocketFactory) factory).getHostAndPort();
        String message = target == null ? null : Gate.rejectHost(target.getHost(), target.getPort());
        return message == null ? null : new JedisConnectionException(message);
    }
}
