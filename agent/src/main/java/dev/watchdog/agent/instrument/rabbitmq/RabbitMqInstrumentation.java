package dev.watchdog.agent.instrument.rabbitmq;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowRejection;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * RabbitMQ's Java client, amqp-client 5.x. Two hooks:
 * <ul>
 * <li>{@code AMQChannel#rpc(Method, RpcContinuation)}, {@code #asyncRpc(Method, CompletableFuture)} and
 * {@code #transmit(AMQCommand)}: where every channel operation (publish, declare, get, ack, consume...)
 * ends, on connections already open. Their {@code quiescing*} twins, which close a channel or a
 * connection, are left alone: closing is never failed by the agent.</li>
 * <li>{@code FrameHandlerFactory#create(Address, String)} of the socket, NIO and Netty factories: each
 * address a new connection (or an automatic recovery) tries, before its socket is opened.</li>
 * </ul>
 * A version without these classes or methods is simply never matched.
 */
public final class RabbitMqInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CHANNEL = TypeNames.named("com.rabbitmq.client.impl.AMQChannel");
    private static final TypeNames FRAME_HANDLER_FACTORIES = TypeNames.named(
            "com.rabbitmq.client.impl.SocketFrameHandlerFactory",
            "com.rabbitmq.client.impl.nio.SocketChannelFrameHandlerFactory",
            "com.rabbitmq.client.impl.NettyFrameHandlerFactory");

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public TypeNames typeNames() {
        return CHANNEL.or(FRAME_HANDLER_FACTORIES);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CHANNEL.matcher())
                .transform(advice(agentLoader).advice(
                        named("rpc").and(takesArguments(2)).and(takesArgument(1, named("com.rabbitmq.client.impl.AMQChannel$RpcContinuation")))
                                .or(named("asyncRpc").and(takesArguments(2)))
                                .or(named("transmit").and(takesArguments(1))
                                        .and(takesArgument(0, named("com.rabbitmq.client.impl.AMQCommand")))),
                        ChannelOperationAdvice.class.getName(), RethrowRejection.class.getName()))
                .type(FRAME_HANDLER_FACTORIES.matcher())
                .transform(advice(agentLoader).advice(
                        named("create").and(takesArguments(2)).and(takesArgument(0, named("com.rabbitmq.client.Address"))),
                        FrameHandlerCreateAdvice.class.getName(), RethrowRejection.class.getName()));
    }
}
