package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.LettuceBuffers;
import io.lettuce.core.resource.ClientResources;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#writeToDisconnectedBuffer(RedisCommand)}, reached only while the endpoint
 * is disconnected (never on the connected path): the endpoint is recorded as holding buffered commands
 * ({@link LettuceBuffers}), with Lettuce's executor, so that they end when their host's breaker opens
 * ({@link LettuceReleaseAdvice}) instead of waiting their timeout.
 */
public final class LettuceBufferAdvice {

    private LettuceBufferAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object endpoint, @Advice.FieldValue("clientResources") ClientResources resources) {
        LettuceBuffers.buffering(endpoint, resources.eventExecutorGroup());
    }
}
