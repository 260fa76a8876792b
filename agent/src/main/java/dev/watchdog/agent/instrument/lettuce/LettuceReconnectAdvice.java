package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Lettuce's {@code ConnectionWatchdog#run(int, Duration)}, once per reconnect attempt (never per
 * command): the destination it reconnects to is recorded for it. An endpoint whose connect and disconnect both
 * came before the hooks were installed (installed when a breaker opens, in the middle of the outage) is thus
 * still known by the address its watchdog reconnects to ({@link LettuceWriteAdvice}).
 */
public final class LettuceReconnectAdvice {

    private LettuceReconnectAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object watchdog, @Advice.FieldValue("remoteAddress") SocketAddress lastDestination) {
        ClientAddresses.reconnecting(watchdog, lastDestination);
    }
}
