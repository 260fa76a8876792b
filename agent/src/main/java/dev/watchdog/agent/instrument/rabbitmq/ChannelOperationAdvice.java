package dev.watchdog.agent.instrument.rabbitmq;

import com.rabbitmq.client.impl.AMQChannel;
import com.rabbitmq.client.impl.AMQConnection;
import dev.watchdog.bootstrap.Gate;
import java.io.IOException;
import java.net.InetAddress;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into amqp-client's {@code AMQChannel#rpc(Method, RpcContinuation)}, {@code #asyncRpc} and
 * {@code #transmit(AMQCommand)}, before the channel's lock is taken: an operation on a connection to an
 * open host fails with an {@link IOException} (what these methods declare, and what a broken connection
 * gives) instead of waiting for an answer that does not come (the RPC timeout is 10 minutes by default).
 * The host is the connection's peer: {@code InetAddress#toString()} gives the name it was opened with
 * (no reverse lookup), else its address; both are tried.
 */
public final class ChannelOperationAdvice {

    private ChannelOperationAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static IOException enter(@Advice.This AMQChannel channel) {
        if (!Gate.anyOpen()) {
            return null;
        }
        AMQConnection connection = channel.getConnection();
        InetAddress address = connection.getAddress();
        int port = connection.getPort();
        if (address == null) {
            return null;
        }
        String shown = address.toString();
        int slash = shown.indexOf('/');
        String message = slash > 0 ? Gate.rejectHost(shown.substring(0, slash), port) : null;
        if (message == null) {
            message = Gate.rejectHost(address.getHostAddress(), port);
        }
        return message == null ? null : new IOException(message);
    }
}
