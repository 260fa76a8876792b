package dev.watchdog.agent.instrument.jdkhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientImpl#send} and {@code sendAsync}: the rejection for a request to an open host. */
public final class HttpClientSendAdvice {

    private HttpClientSendAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) HttpRequest request) {
        if (!Gate.active()) {
            return null;
        }
        URI uri = request.uri();
        String message = Gate.rejectUrl(uri.getScheme(), uri.getHost(), uri.getPort());
        return message == null ? null : new ConnectException(message);
    }
}
