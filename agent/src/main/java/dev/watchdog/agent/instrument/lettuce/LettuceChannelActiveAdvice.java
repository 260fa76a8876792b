package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import io.netty.channel.Channel;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#notifyChannelActive(Channel)}, once per connect and reconnect
 * (never per command): the channel's remote address is learned for an endpoint not recorded when it
 * connected (one created before the agent installed its hooks), for the commands issued while it is
 * disconnected later.
 */
public final class LettuceChannelActiveAdvice {

    private LettuceChannelActiveAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object endpoint, @Advice.Argument(0) Channel channel) {
        if (channel != null) {
            ClientAddresses.learned(endpoint, channel.remoteAddress());
        }
    }
}
