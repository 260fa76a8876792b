package dev.watchdog.agent.instrument.netty;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultChannelPipeline$HeadContext#connect(ctx, remote, local, promise)} of every
 * copy of Netty (shaded ones too: it names no Netty type), where every client channel's connect ends
 * before its transport (NIO, epoll, kqueue, io_uring) starts it: {@code Bootstrap.connect} and Reactor
 * Netty's own connector alike. A connect to an open host skips the transport; the ConnectException is
 * thrown in place of the method, and Netty's {@code AbstractChannelHandlerContext#connect} catches it
 * and fails the connect promise with it, as a refused connect would fail. The host is checked by the
 * name it was given and, when resolved, by its IP literal, like the socket fallback; as there, a
 * half-open host's connect needs no trial permit.
 */
public final class NettyConnectAdvice {

    private NettyConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(1) SocketAddress remote) {
        if (!Gate.active()) {
            return null;
        }
        String message = Gate.rejectSocketAddress(remote);
        return message == null ? null : new ConnectException(message);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        }
    }
}
