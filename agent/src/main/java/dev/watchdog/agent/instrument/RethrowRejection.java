package dev.watchdog.agent.instrument;

import net.bytebuddy.asm.Advice;

/**
 * The exit half shared by every throwing advice: when the enter half built a rejection, the
 * instrumented method was skipped and the rejection is thrown in its place.
 */
public final class RethrowRejection {

    private RethrowRejection() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Throwable rejection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        }
    }
}
