package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.BufferedCommands;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Queue;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#notifyException(Throwable)}, the door {@link BufferedCommands} reaches an
 * endpoint through: handed a {@link BufferedCommands.Release} (a host's breaker opened, or
 * {@link LettuceRequeueAdvice} re-queued commands for an open host), the commands the endpoint buffered for
 * when it reconnects end now, each with a {@link RedisConnectionException} carrying the agent's message, and
 * the method's own work is skipped: the release is no connection error of the endpoint's, and must not fail
 * its later commands. Any other exception is the endpoint's, handled as before.
 */
public final class LettuceReleaseAdvice {

    private LettuceReleaseAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Throwable notified,
                                @Advice.FieldValue("disconnectedBuffer") Queue<RedisCommand<?, ?, ?>> buffered) {
        if (!(notified instanceof BufferedCommands.Release)) {
            return false;
        }
        BufferedCommands.Release release = (BufferedCommands.Release) notified;
        try {
            RedisConnectionException rejection = new RedisConnectionException(release.getMessage());
            int failed = 0;
            for (RedisCommand<?, ?, ?> command = buffered.poll(); command != null; command = buffered.poll()) {
                try {
                    command.completeExceptionally(rejection);
                } catch (RuntimeException inCallback) {
                    // the application's callback failed on our thread: the command has ended all the same
                }
                failed++;
            }
            release.failed(failed);
        } catch (Throwable unexpected) {
            // the commands left wait as without the agent; the release is still never taken for the endpoint's own error
        }
        return true;
    }
}
