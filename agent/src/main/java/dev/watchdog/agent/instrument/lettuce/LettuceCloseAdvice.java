package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.bootstrap.ClientAddresses;
import dev.watchdog.bootstrap.LettuceBuffers;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultEndpoint#closeAsync()} (which {@code close()} calls), once per connection:
 * its address entry (and its buffered-commands entry) is freed at once, so that an application opening and closing connections all the time
 * does not crowd out its long-lived ones before the next garbage collection.
 */
public final class LettuceCloseAdvice {

    private LettuceCloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object endpoint) {
        ClientAddresses.closed(endpoint);
        LettuceBuffers.closed(endpoint);
    }
}
