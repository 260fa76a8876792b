package dev.watchdog.agent.instrument.netty;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import java.net.SocketAddress;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Netty 4.1 and 4.2 at the head of every channel pipeline, in {@code io.netty} and in every shaded copy
 * but gRPC's (matched by the name's ending, the advice names no Netty type): connects ({@link NettyConnectAdvice}) and writes ({@link NettyWriteAdvice}) to an open
 * host fail at once, whatever the transport (NIO, epoll, kqueue, io_uring). The native transports never
 * reach the JDK's SocketChannel, so the socket fallback cannot see their connects, and no connect is made
 * for a write on a connection already open. Where Netty is absent nothing matches.
 */
public final class NettyInstrumentation implements LibraryInstrumentation {

    private static final TypeNames HEAD = TypeNames.endingWith("netty.channel.DefaultChannelPipeline$HeadContext");
    /**
     * grpc-java's own copy is left to its hook ({@code grpc}: a call to an open host fails with UNAVAILABLE
     * before any stream): failing its transport's reconnects too would only feed gRPC's reconnect backoff
     * (1 s, x1.6, up to 120 s), which then outlasts the outage: calls would keep failing ("io exception")
     * after the breaker closed, until the next reconnect attempt.
     */
    private static final String GRPC_SHADED = "io.grpc.netty.shaded.";

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public TypeNames typeNames() {
        return HEAD;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(HEAD.matcher().and(not(nameStartsWith(GRPC_SHADED))))
                .transform(advice(agentLoader)
                        .advice(named("connect").and(takesArguments(4)).and(takesArgument(1, SocketAddress.class)),
                                NettyConnectAdvice.class.getName())
                        .advice(named("write").and(takesArguments(3)).and(takesArgument(1, Object.class)),
                                NettyWriteAdvice.class.getName()));
    }
}
