package dev.watchdog.agent.instrument.apachehttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Apache HttpClient's classic {@code doExecute(HttpHost target, request, context)}
 * (4.5 and 5.x), where every {@code execute} overload ends. The target is read from
 * {@code HttpHost#toString()} ({@code scheme://host[:port]} in both major versions), so the advice
 * needs neither library at compile time. A null target (a relative request URI) goes on to the
 * socket-level fallback.
 */
public final class HttpHostTargetAdvice {

    private HttpHostTargetAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) Object target) {
        if (!Gate.active() || target == null) {
            return null;
        }
        String uri = target.toString();
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "http" : uri.substring(0, schemeEnd);
        String authority = schemeEnd < 0 ? uri : uri.substring(schemeEnd + 3);
        int colon = authority.lastIndexOf(':');
        int port = -1;
        String host = authority;
        if (colon > 0 && colon < authority.length() - 1 && authority.indexOf(']', colon) < 0) {
            // no lambdas or method references here: HttpClient 4.5 is Java 6 bytecode (no invokedynamic)
            boolean digits = true;
            for (int i = colon + 1; i < authority.length(); i++) {
                digits &= Character.isDigit(authority.charAt(i));
            }
            if (digits) {
                port = Integer.parseInt(authority.substring(colon + 1));
                host = authority.substring(0, colon);
            }
        }
        String message = Gate.rejectUrl(scheme, host, port);
        return message == null ? null : new ConnectException(message);
    }
}
