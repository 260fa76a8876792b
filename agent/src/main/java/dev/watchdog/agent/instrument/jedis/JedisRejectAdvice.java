package dev.watchdog.agent.instrument.jedis;

import dev.watchdog.bootstrap.Gate;
import net.bytebuddy.asm.Advice;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Inlined into Jedis' {@code Connection#sendCommand(CommandArguments)}, where every command of every
 * client is sent ({@code Jedis}, {@code JedisPool}'s, {@code JedisPooled}/{@code RedisClient}, pipelines,
 * cluster and sentinel connections); {@link JedisConnectAdvice} guards {@code connect()}. A
 * call to an open host throws {@link JedisConnectionException} before the socket is touched: the first
 * call on a pooled connection to a dead server no longer waits its read timeout, and a pool creating a
 * connection fails at once. The connection is not marked broken (nothing was sent on it): it goes back to
 * its pool as it was. The host is the connection's socket factory's (Jedis' default one; a custom
 * factory's connections pass).
 */
public final class JedisRejectAdvice {

    private JedisRejectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static JedisConnectionException enter(@Advice.FieldValue("socketFactory") JedisSocketFactory factory) {
        if (!Gate.anyOpen() || !(factory instanceof DefaultJedisSocketFactory)) {
            return null;
        }
        HostAndPort target = ((DefaultJedisSocketFactory) factory).getHostAndPort();
        String message = target == null ? null : Gate.rejectHost(target.getHost(), target.getPort());
        return message == null ? null : new JedisConnectionException(message);
    }
}
