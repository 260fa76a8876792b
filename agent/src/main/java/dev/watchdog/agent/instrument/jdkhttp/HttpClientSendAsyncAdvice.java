package dev.watchdog.agent.instrument.jdkhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the public {@code HttpClientImpl#sendAsync(request, handler, pushPromiseHandler)}
 * (the two-argument form delegates to it; {@code send} uses a private form, so nothing counts
 * twice). Never throws: the enter half is {@link HttpClientSendAdvice}'s; a request to an open host
 * gets an already failed future instead of the call.
 */
public final class HttpClientSendAsyncAdvice {

    private HttpClientSendAsyncAdvice() {
    }


    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = CompletableFuture.failedFuture(rejection);
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the client's threads, where its connect reports it
        }
    }
}
