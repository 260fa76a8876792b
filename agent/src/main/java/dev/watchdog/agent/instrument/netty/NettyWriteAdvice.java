package dev.watchdog.agent.instrument.netty;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.NettyChannels;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultChannelPipeline$HeadContext#write(ctx, msg, promise)} of every copy of
 * Netty: the last step of every outbound message before the channel's transport buffers it. A write on
 * a channel already open to an open host (a pooled keep-alive connection, a database session) skips the
 * transport: the message is released (as Netty releases a write it fails) and the ConnectException is
 * thrown in place of the method; {@code AbstractChannelHandlerContext#write} catches it and fails the
 * write's promise with it. The caller then fails at once instead of waiting on a dead peer.
 *
 * <p>The closed path costs one volatile read ({@link Gate#anyOpen()}) and allocates nothing; the
 * channel's remote address is read only while a breaker is open ({@link NettyChannels}).
 */
public final class NettyWriteAdvice {

    private NettyWriteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) Object context, @Advice.Argument(1) Object message) {
        if (!Gate.anyOpen()) {
            return null;
        }
        String rejection = NettyChannels.rejectWrite(context);
        if (rejection == null) {
            return null;
        }
        NettyChannels.release(message);
        return new ConnectException(rejection);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        }
    }
}
