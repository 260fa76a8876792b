package dev.watchdog.agent.instrument.okhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.HttpUrl;

/** Inlined into {@code RealCall#execute}: a call to an open host throws ConnectException, no socket opened. */
public final class OkHttpExecuteAdvice {

    private OkHttpExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.This Call call) {
        if (!Gate.anyOpen()) {
            return null;
        }
        try {
            HttpUrl url = call.request().url();
            String message = Gate.rejectHost(url.host(), url.port());
            return message == null ? null : new ConnectException(message);
        } catch (Throwable error) {
            Gate.adviceFailed(error);
            return null;
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection,
                            @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        }
    }
}
