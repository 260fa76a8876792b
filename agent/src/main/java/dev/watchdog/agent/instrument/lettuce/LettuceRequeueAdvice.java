package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.LettuceBuffers;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.util.Queue;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#notifyDrainQueuedCommands(HasQueuedCommands)}, once per lost connection
 * (never per command): Lettuce has just moved the commands that were under way on the lost channel into the
 * buffer it replays after reconnecting. While the endpoint's host is open and released (the agent shut the
 * connection down to release them: {@code watchdog.breaker.release-waiting}) they end now with a {@link RedisConnectionException}
 * carrying the agent's message, as every command written meanwhile does, instead of waiting their timeout.
 * Otherwise the endpoint is recorded as holding buffered commands, released if the host opens later ({@link LettuceBuffers}).
 */
public final class LettuceRequeueAdvice {

    private LettuceRequeueAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object endpoint, @Advice.FieldValue("connectionWatchdog") Object watchdog,
                            @Advice.FieldValue("disconnectedBuffer") Queue<RedisCommand<?, ?, ?>> buffered,
                            @Advice.FieldValue("clientResources") ClientResources resources) {
        if (buffered.isEmpty()) {
            return;
        }
        LettuceBuffers.buffering(endpoint, resources.eventExecutorGroup());
        if (!Gate.anyOpen()) {
            return;
        }
        String message = LettuceBuffers.releaseMessage(endpoint, watchdog);
        if (message == null) {
            return;
        }
        RedisConnectionException rejection = new RedisConnectionException(message);
        for (RedisCommand<?, ?, ?> command; (command = buffered.poll()) != null; ) {
            command.completeExceptionally(rejection);
        }
    }
}
