package dev.watchdog.agent.instrument.grpc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * gRPC-java (grpc-core's {@code ManagedChannelImpl}, whatever the transport: grpc-netty-shaded,
 * grpc-netty, OkHttp): every call a managed channel starts asks its stream provider for a stream,
 * and a call to an open host gets the library's own failing stream instead. Where gRPC is absent
 * the matcher never matches; a version whose provider has no four-argument {@code newStream} is
 * left alone.
 */
public final class GrpcInstrumentation implements LibraryInstrumentation {

    private static final TypeNames STREAM_PROVIDER = TypeNames.named("io.grpc.internal.ManagedChannelImpl$ChannelStreamProvider");

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public TypeNames typeNames() {
        return STREAM_PROVIDER;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(STREAM_PROVIDER.matcher())
                .transform(advice(agentLoader).advice(named("newStream").and(takesArguments(4)), GrpcNewStreamAdvice.class.getName()));
    }
}
