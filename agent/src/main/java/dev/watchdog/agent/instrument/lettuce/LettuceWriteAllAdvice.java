package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.LettuceBuffers;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.Queue;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * As {@link LettuceWriteAdvice}, inlined into {@code DefaultEndpoint#write(Collection)} (a batch:
 * {@code dispatch(List)}, manual flushing): every command of the batch fails with the one rejection, and
 * the commands buffered earlier with it.
 */
public final class LettuceWriteAllAdvice {

    private LettuceWriteAllAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static RedisConnectionException enter(@Advice.This Object endpoint, @Advice.Argument(0) Collection<? extends RedisCommand<?, ?, ?>> commands,
                                                 @Advice.FieldValue("channel") Channel channel,
                                                 @Advice.FieldValue("inActivation") boolean inActivation,
                                                 @Advice.FieldValue("connectionWatchdog") Object watchdog,
                                                 @Advice.FieldValue("disconnectedBuffer") Queue<RedisCommand<?, ?, ?>> buffered) {
        if (!Gate.anyOpen() || inActivation || commands == null || commands.isEmpty()) {
            return null;
        }
        String message = ClientAddresses.reject(endpoint, channel == null ? null : channel.remoteAddress(), watchdog);
        if (message == null) {
            return null;
        }
        RedisConnectionException rejection = new RedisConnectionException(message);
        for (RedisCommand<?, ?, ?> command : commands) {
            command.completeExceptionally(rejection);
        }
        if (!buffered.isEmpty() && LettuceBuffers.releaseMessage(endpoint, watchdog) != null) {
            for (RedisCommand<?, ?, ?> earlier; (earlier = buffered.poll()) != null; ) {
                earlier.completeExceptionally(rejection);
            }
        }
        return rejection;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RedisConnectionException rejection, @Advice.Argument(0) Object commands,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = commands;
        } else if (Gate.anyTrial()) {
            Gate.callEnded();
        }
    }
}
