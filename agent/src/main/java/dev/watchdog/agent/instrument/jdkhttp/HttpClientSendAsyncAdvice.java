package dev.watchdog.agent.instrument.jdkhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the public {@code HttpClientImpl#sendAsync(request, handler, pushPromiseHandler)}
 * (the two-argument form delegates to it; {@code send} uses a private form, so nothing counts
 * twice). Never throws: a request to an open host gets an already failed future.
 */
public final class HttpClientSendAsyncAdvice {

    private HttpClientSendAsyncAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) HttpRequest request) {
        if (!Gate.anyOpen()) {
            return null;
        }
        try {
            URI uri = request.uri();
            String message = Gate.rejectUrl(uri.getScheme(), uri.getHost(), uri.getPort());
            return message == null ? null : new ConnectException(message);
        } catch (Throwable error) {
            Gate.adviceFailed(error);
            return null;
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = CompletableFuture.failedFuture(rejection);
        }
    }
}
