package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import dev.watchdog.bootstrap.Gate;
import io.lettuce.core.ConnectionBuilder;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Lettuce's {@code AbstractRedisClient#initializeChannelAsync(ConnectionBuilder)}, where
 * every new connection of {@code RedisClient} (standalone, Pub/Sub, the master a Sentinel named) and
 * {@code RedisClusterClient} (each node) starts its connect and handshake. A connection to an open
 * host returns a failed {@link ConnectionFuture}, as a refused connect would, before any channel is
 * opened: {@code connect()} throws the {@link RedisConnectionException}, {@code connectAsync} fails
 * with it. Every connect records its endpoint with the URI's host and port ({@link ClientAddresses}, once
 * per connect), the key its commands are judged by in {@link LettuceWriteAdvice}, connected or not.
 * Reconnects of an existing connection do not pass here.
 */
public final class LettuceConnectAdvice {

    private LettuceConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static RedisConnectionException enter(@Advice.Argument(0) ConnectionBuilder builder) {
        RedisURI uri = builder.getRedisURI();
        String host = uri == null ? null : uri.getHost();
        if (host == null) {
            return null;
        }
        ClientAddresses.connected(builder.endpoint(), InetSocketAddress.createUnresolved(host, uri.getPort()));
        if (!Gate.active()) {
            return null;
        }
        String message = Gate.rejectHost(host, uri.getPort());
        return message == null ? null : new RedisConnectionException(message);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RedisConnectionException rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = ConnectionFuture.from(null, CompletableFuture.failedFuture(rejection));
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the connect ends later, on the event loop
        }
    }
}
