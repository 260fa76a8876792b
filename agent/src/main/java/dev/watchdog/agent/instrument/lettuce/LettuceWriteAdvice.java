package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.LettuceBuffers;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.channel.Channel;
import java.util.Queue;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Lettuce's {@code DefaultEndpoint#write(RedisCommand)}, where every command of a
 * connection (sync, async and reactive API, standalone, Pub/Sub and cluster node connections) is
 * handed to its channel, or buffered while disconnected. A command for an open host is completed
 * exceptionally with a {@link RedisConnectionException} and returned unwritten: the sync API throws
 * it, the async future and the reactive publisher fail with it, at once. The host is the connected
 * channel's remote address, else the one the endpoint was last connected to ({@link ClientAddresses}).
 * Commands written by the endpoint's own activation (a reconnect replaying its state) pass. Commands it
 * buffered earlier, while its host was not yet known to be open, fail with the same rejection. The host of
 * an endpoint never seen connected is the one its watchdog reconnects to ({@link LettuceReconnectAdvice}).
 */
public final class LettuceWriteAdvice {

    private LettuceWriteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static RedisConnectionException enter(@Advice.This Object endpoint, @Advice.Argument(0) RedisCommand<?, ?, ?> command,
                                                 @Advice.FieldValue("channel") Channel channel,
                                                 @Advice.FieldValue("inActivation") boolean inActivation,
                                                 @Advice.FieldValue("connectionWatchdog") Object watchdog,
                                                 @Advice.FieldValue("disconnectedBuffer") Queue<RedisCommand<?, ?, ?>> buffered) {
        if (!Gate.anyOpen() || inActivation || command == null) {
            return null;
        }
        String message = ClientAddresses.reject(endpoint, channel == null ? null : channel.remoteAddress(), watchdog);
        if (message == null) {
            return null;
        }
        RedisConnectionException rejection = new RedisConnectionException(message);
        command.completeExceptionally(rejection);
        if (!buffered.isEmpty() && LettuceBuffers.releaseMessage(endpoint, watchdog) != null) {
            for (RedisCommand<?, ?, ?> earlier; (earlier = buffered.poll()) != null; ) {
                earlier.completeExceptionally(rejection);   // buffered before the hooks knew the host: they would wait their timeout
            }
        }
        return rejection;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RedisConnectionException rejection, @Advice.Argument(0) Object command,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = command;
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the reply comes later, on the event loop
        }
    }
}
