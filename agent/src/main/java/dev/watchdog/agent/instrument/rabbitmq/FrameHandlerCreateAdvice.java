package dev.watchdog.agent.instrument.rabbitmq;

import com.rabbitmq.client.Address;
import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into amqp-client's {@code FrameHandlerFactory#create(Address, String)} (socket, NIO and Netty
 * factories): a connection attempt to an open host fails with a {@link ConnectException} before any
 * socket is opened. {@code ConnectionFactory#newConnection} then tries the next address, as after a
 * refused connect, and throws the last failure; automatic recovery retries as it would.
 */
public final class FrameHandlerCreateAdvice {

    private FrameHandlerCreateAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) Address address, @Advice.FieldValue("ssl") boolean ssl) {
        if (!Gate.active() || address == null) {
            return null;
        }
        int port = address.getPort() > 0 ? address.getPort() : ssl ? 5671 : 5672;
        String message = Gate.rejectHost(address.getHost(), port);
        return message == null ? null : new ConnectException(message);
    }
}
