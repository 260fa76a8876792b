package dev.watchdog.agent.instrument.grpc;

import dev.watchdog.bootstrap.Gate;
import io.grpc.Channel;
import io.grpc.ClientStreamTracer;
import io.grpc.Status;
import io.grpc.internal.ClientStream;
import io.grpc.internal.FailingClientStream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ManagedChannelImpl$ChannelStreamProvider#newStream(method, callOptions,
 * headers, context)}, which {@code ClientCallImpl#start} calls for every call of a managed channel
 * (blocking, future and async stubs alike; before retries, so a retried call is rejected once). A
 * call to an open host gets a {@code FailingClientStream} with {@code Status.UNAVAILABLE} and the
 * agent's message as its description: the call then ends as one on a channel in transient failure
 * would, its listener closed on the call's own executor, and no transport, name resolution or
 * connection is touched.
 *
 * <p>The host is the channel's authority ({@code host:port} for {@code forAddress(host, port)} and
 * {@code forTarget("dns:///host:port")}), a field the channel holds: no DNS here. An authority
 * without a port (a default-port target) is left to the socket-level fallback.
 */
public final class GrpcNewStreamAdvice {

    private GrpcNewStreamAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ClientStream enter(@Advice.FieldValue("this$0") Channel channel) {
        if (!Gate.active()) {
            return null;
        }
        String authority = channel.authority();
        int colon = authority == null ? -1 : authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1 || authority.indexOf(']', colon) >= 0) {
            return null;
        }
        int port = 0;
        for (int i = colon + 1; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9' || port > 65535) {
                return null;
            }
            port = port * 10 + (c - '0');
        }
        String host = authority.substring(authority.charAt(0) == '[' ? 1 : 0, authority.charAt(colon - 1) == ']' ? colon - 1 : colon);
        int at = host.lastIndexOf('@');
        String message = Gate.rejectHost(at < 0 ? host : host.substring(at + 1), port);
        return message == null ? null
                : new FailingClientStream(Status.UNAVAILABLE.withDescription(message), new ClientStreamTracer[0]);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ClientStream rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) ClientStream returned) {
        if (rejection != null) {
            returned = rejection;
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the transport's threads, where no hook reports it
        }
    }
}
