package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.Gate;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RedisClient#connectStandaloneAsync} and {@code #connectPubSubAsync(codec, uri, timeout)},
 * where {@code RedisClient#connect*} begin a connection to the URI's host: to an open host they return a
 * failed {@link ConnectionFuture} before anything is built (no endpoint, no channel, no handshake), so
 * {@code connect()} throws the {@link RedisConnectionException} and {@code connectAsync} fails with it at once.
 * Connections these do not start (cluster nodes, a Sentinel's master) meet {@link LettuceConnectAdvice}.
 */
public final class LettuceClientConnectAdvice {

    private LettuceClientConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static RedisConnectionException enter(@Advice.Argument(1) RedisURI uri) {
        if (!Gate.active() || uri == null) {
            return null;
        }
        String host = uri.getHost();
        String message = host == null ? null : Gate.rejectHost(host, uri.getPort());
        return message == null ? null : new RedisConnectionException(message);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RedisConnectionException rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = ConnectionFuture.from(null, CompletableFuture.failedFuture(rejection));
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the connect ends later, on the event loop (initializeChannelAsync, nested, shared the permit)
        }
    }
}
