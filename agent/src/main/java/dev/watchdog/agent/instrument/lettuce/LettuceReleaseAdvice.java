package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.LettuceBuffers;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Queue;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#notifyException(Throwable)}: the agent's {@link LettuceBuffers.Release}
 * (sent on Lettuce's executor when the endpoint's host opened on evidence) ends every command the endpoint
 * buffered while disconnected with a {@link RedisConnectionException} carrying the agent's message, as if
 * written now; Lettuce's own method is skipped. Any other exception is Lettuce's, left to it.
 */
public final class LettuceReleaseAdvice {

    private LettuceReleaseAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Throwable error,
                                @Advice.FieldValue("disconnectedBuffer") Queue<RedisCommand<?, ?, ?>> buffered) {
        if (!(error instanceof LettuceBuffers.Release)) {
            return false;
        }
        RedisConnectionException rejection = new RedisConnectionException(error.getMessage());
        for (RedisCommand<?, ?, ?> command; (command = buffered.poll()) != null; ) {
            command.completeExceptionally(rejection);
        }
        return true;
    }
}
