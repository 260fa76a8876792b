package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.BufferedCommands;
import dev.watchdog.bootstrap.ClientAddresses;
import dev.watchdog.bootstrap.Gate;
import io.lettuce.core.protocol.Endpoint;
import java.util.Queue;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of {@code DefaultEndpoint#notifyDrainQueuedCommands}, where a dropped connection's
 * commands in flight are moved into the endpoint's buffer, to be retried once it reconnects: for an open
 * host (its connections shut by the release of waiting calls, or lost while its breaker is open) they end
 * now instead of waiting for their timeout ({@link LettuceReleaseAdvice}). Once per disconnect; a half-open
 * host's commands stay buffered (they are no new call, and take no trial permit).
 */
public final class LettuceRequeueAdvice {

    private LettuceRequeueAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Endpoint endpoint, @Advice.FieldValue("disconnectedBuffer") Queue<?> buffered) {
        if (!Gate.anyOpen() || buffered.isEmpty()) {
            return;
        }
        String message = ClientAddresses.reject(endpoint, null, false);
        if (message != null) {
            endpoint.notifyException(new BufferedCommands.Release(message));
        }
    }
}
