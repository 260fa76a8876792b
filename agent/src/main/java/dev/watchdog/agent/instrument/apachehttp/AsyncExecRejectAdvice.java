package dev.watchdog.agent.instrument.apachehttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpHost;

/**
 * Inlined into HttpClient 5 async's {@code InternalAbstractHttpAsyncClient#executeImmediate(request,
 * entityProducer, scope, chain, callback)}, where every {@code execute} of the async clients (and
 * each retry) hands the request to the exec chain, with its route resolved. A call to an open host
 * skips the chain and fails through the exec callback, as a refused connect would: the library
 * releases the producer and consumer, fails the returned future and calls the application's
 * {@code FutureCallback#failed}; {@code execute} itself never throws.
 */
public final class AsyncExecRejectAdvice {

    private AsyncExecRejectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(2) AsyncExecChain.Scope scope) {
        if (!Gate.active()) {
            return null;
        }
        HttpHost target = scope.route.getTargetHost();
        String message = Gate.rejectUrl(target.getSchemeName(), target.getHostName(), target.getPort());
        return message == null ? null : new ConnectException(message);
    }

    /**
     * The failure runs on the caller's thread (a refused connect reports on the I/O reactor's): an
     * application callback that throws goes to the thread's uncaught-exception handler, never out of execute.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection, @Advice.Argument(4) AsyncExecCallback callback) {
        if (rejection != null) {
            try {
                callback.failed(rejection);
            } catch (Throwable callbackFailure) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, callbackFailure);
            }
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the I/O reactor, where its connect reports it
        }
    }
}
