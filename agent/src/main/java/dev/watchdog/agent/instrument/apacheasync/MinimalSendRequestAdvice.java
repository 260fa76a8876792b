package dev.watchdog.agent.instrument.apacheasync;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into HttpClient 5's {@code MinimalHttpAsyncClient} and {@code MinimalH2AsyncClient}: the body
 * of the {@code RequestChannel#sendRequest(request, entityDetails, context)} that their
 * {@code execute(exchangeHandler, pushHandlerFactory, context)} hands to the exchange handler, on the
 * caller's thread; every {@code execute} of the minimal clients passes there, with the request's scheme
 * and authority (the target) set. A call to an open host leases no connection and fails the exchange
 * handler, as a refused connect fails it: the returned future fails and the application's
 * {@code FutureCallback#failed} is called; {@code execute} never throws.
 */
public final class MinimalSendRequestAdvice {

    private MinimalSendRequestAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(4) HttpRequest request) {
        if (!Gate.active() || request == null) {
            return null;
        }
        URIAuthority authority = request.getAuthority();
        if (authority == null) {
            return null;
        }
        String message = Gate.rejectUrl(request.getScheme(), authority.getHostName(), authority.getPort());
        return message == null ? null : new ConnectException(message);
    }

    /** An application callback that throws goes to the thread's uncaught-exception handler, never out of execute. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection, @Advice.Argument(1) AsyncClientExchangeHandler handler) {
        if (rejection != null) {
            try {
                handler.failed(rejection);
            } catch (Throwable callbackFailure) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, callbackFailure);
            }
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the I/O reactor, where its connect reports it
        }
    }
}
