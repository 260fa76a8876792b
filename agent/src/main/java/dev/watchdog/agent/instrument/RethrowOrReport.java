package dev.watchdog.agent.instrument;

import dev.watchdog.bootstrap.Gate;
import net.bytebuddy.asm.Advice;

/**
 * The exit half of connect-level advice with passive detection: as {@link RethrowRejection}, and
 * the call's own outcome goes to the gate. A failure is reported (the gate drops it unless passive
 * detection is on); a success only while some breaker is half-open, so that a trial call can close
 * it. On the success path this costs one volatile read ({@link Gate#anyTrial()}) and allocates
 * nothing; the host is worked out by the agent from the receiver and first argument, only then, on its
 * own thread. Like every exit, it suppresses its own failure: the application's outcome stays its own.
 */
public final class RethrowOrReport {

    private RethrowOrReport() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Throwable rejection, @Advice.Thrown(readOnly = false) Throwable thrown,
                            @Advice.This(optional = true) Object call,
                            @Advice.Argument(value = 0, optional = true) Object target) {
        if (rejection != null) {
            thrown = rejection;
        } else if (thrown != null) {
            Gate.failed(call, target, thrown);
        } else if (Gate.anyTrial()) {
            Gate.succeeded(call, target);
        }
    }
}
