package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import io.netty.channel.Channel;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#notifyChannelActive(Channel)} and {@code #notifyChannelInactive(Channel)},
 * once per connect and disconnect (never per command): the channel's remote address is learned for an
 * endpoint not recorded when it connected (one connected before the agent installed its hooks, the
 * default {@code watchdog.instrument.delay}), for the commands issued while it is disconnected.
 */
public final class LettuceChannelAdvice {

    private LettuceChannelAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object endpoint, @Advice.Argument(0) Channel channel) {
        if (channel != null) {
            ClientAddresses.learned(endpoint, channel.remoteAddress());
        }
    }
}
