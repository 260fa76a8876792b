package dev.watchdog.agent.instrument.socket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import java.net.Socket;
import java.net.SocketAddress;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The socket-level fallback: the JDK's blocking {@code Socket} connect (every overload and
 * {@code SSLSocket} end in {@code connect(SocketAddress, int)}) and NIO's {@code SocketChannel}
 * connect. Both classes are loaded before the agent starts: they are retransformed.
 */
public final class SocketInstrumentation implements LibraryInstrumentation {

    private static final TypeNames SOCKET = TypeNames.named("java.net.Socket");
    private static final TypeNames CHANNEL = TypeNames.named("sun.nio.ch.SocketChannelImpl");

    @Override
    public String name() {
        return "socket";
    }

    @Override
    public TypeNames typeNames() {
        return SOCKET.or(CHANNEL);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        // Load Socket now: on JDK 25 nothing has loaded it yet at install, and retransforming
        // SocketChannelImpl would load it on the installing thread, where ByteBuddy's circularity
        // lock skips it, after the scan of loaded classes: it would never be instrumented.
        Class<?> loaded = Socket.class;
        return builder
                .type(SOCKET.matcher())
                .transform(advice(agentLoader).advice(named("connect").and(takesArguments(2))
                        .and(takesArgument(0, SocketAddress.class)).and(takesArgument(1, int.class)),
                        SocketConnectAdvice.class.getName(), RethrowOrReport.class.getName()))
                .type(CHANNEL.matcher())
                .transform(advice(agentLoader).advice(named("connect").and(takesArguments(1))
                        .and(takesArgument(0, SocketAddress.class)), SocketConnectAdvice.class.getName(), RethrowOrReport.class.getName()));
    }
}
