package dev.watchdog.agent.instrument.okhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Callback;

/**
 * Inlined into {@code RealCall#enqueue}: a call to an open host never reaches the dispatcher; its
 * callback's {@code onFailure} gets the ConnectException at once, and enqueue itself never throws.
 * A callback that throws is handed to the thread's uncaught-exception handler, as it would be on
 * OkHttp's dispatcher thread. The enter half is {@link OkHttpExecuteAdvice}'s.
 */
public final class OkHttpEnqueueAdvice {

    private OkHttpEnqueueAdvice() {
    }


    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection, @Advice.This Call call,
                            @Advice.Argument(0) Callback callback) {
        if (rejection != null) {
            try {
                callback.onFailure(call, rejection);
            } catch (Throwable callbackFailure) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, callbackFailure);
            }
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the dispatcher's thread, where its connect reports it
        }
    }
}
