package dev.watchdog.agent.instrument;

import dev.watchdog.bootstrap.Gate;
import net.bytebuddy.asm.Advice;

/**
 * The exit half shared by throwing advice without passive detection: when the enter half built a
 * rejection, the instrumented method was skipped and the rejection is thrown in its place. While a
 * host is half-open, the call's trial permit (if it took one) ends with it.
 */
public final class RethrowRejection {

    private RethrowRejection() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Throwable rejection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        } else if (Gate.anyTrial()) {
            Gate.callEnded();
        }
    }
}
