package dev.watchdog.agent.instrument.urlconnection;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.URL;
import java.net.URLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into HttpURLConnection's connect and I/O entry points: a call to an open host that has
 * not connected yet throws ConnectException; one already connected is left to finish.
 */
public final class UrlConnectionAdvice {

    private UrlConnectionAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.This URLConnection connection,
                                         @Advice.FieldValue("connected") boolean connected) {
        if (!Gate.active() || connected) {
            return null;   // a connection made before the outage gets its answer, or its own error
        }
        URL url = connection.getURL();
        String message = Gate.rejectUrl(url.getProtocol(), url.getHost(), url.getPort());
        return message == null ? null : new ConnectException(message);
    }
}
