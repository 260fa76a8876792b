package dev.watchdog.agent.instrument.okhttp;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.HttpUrl;

/** Inlined into {@code RealCall#execute} and {@code enqueue}: the rejection for a call to an open host, no socket opened. */
public final class OkHttpExecuteAdvice {

    private OkHttpExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.This Call call) {
        if (!Gate.active()) {
            return null;
        }
        HttpUrl url = call.request().url();
        String message = Gate.rejectHost(url.host(), url.port());
        return message == null ? null : new ConnectException(message);
    }
}
