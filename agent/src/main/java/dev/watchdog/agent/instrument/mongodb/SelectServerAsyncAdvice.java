package dev.watchdog.agent.instrument.mongodb;

import com.mongodb.MongoTimeoutException;
import com.mongodb.internal.async.SingleResultCallback;
import net.bytebuddy.asm.Advice;

/**
 * The exit half for {@code Cluster#selectServerAsync(selector, operationContext, callback)} (the reactive
 * streams driver): the rejection goes to the callback, as the driver reports its own selection timeout;
 * the method itself never throws. The enter half is {@link SelectServerAdvice}'s. A callback that throws
 * goes to the thread's uncaught-exception handler.
 */
public final class SelectServerAsyncAdvice {

    private SelectServerAsyncAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter MongoTimeoutException rejection, @Advice.Argument(2) SingleResultCallback<?> callback) {
        if (rejection != null) {
            try {
                callback.onResult(null, rejection);
            } catch (Throwable callbackFailure) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, callbackFailure);
            }
        }
    }
}
