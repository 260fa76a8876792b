package dev.watchdog.agent.instrument.lettuce;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import java.util.Collection;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Lettuce 7 ({@code io.lettuce:lettuce-core}): commands at the endpoint every connection writes through,
 * new connections where {@code RedisClient} begins them (before anything is built) and, for the rest
 * (cluster nodes, a Sentinel's master), where any client starts a channel; and each reconnect attempt, for
 * the address of a connection the hooks never saw connected. Checked on 7.2.3 to 7.7.0. Where Lettuce is absent
 * the matchers never match; a version without one of these methods simply goes without that hook.
 */
public final class LettuceInstrumentation implements LibraryInstrumentation {

    private static final TypeNames ENDPOINT = TypeNames.named("io.lettuce.core.protocol.DefaultEndpoint");
    private static final TypeNames WATCHDOG = TypeNames.named("io.lettuce.core.protocol.ConnectionWatchdog");
    private static final TypeNames CLIENT = TypeNames.named("io.lettuce.core.AbstractRedisClient");
    private static final TypeNames REDIS_CLIENT = TypeNames.named("io.lettuce.core.RedisClient");

    @Override
    public String name() {
        return "lettuce";
    }

    @Override
    public TypeNames typeNames() {
        return ENDPOINT.or(WATCHDOG).or(CLIENT).or(REDIS_CLIENT);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(ENDPOINT.matcher())
                .transform(advice(agentLoader)
                        .advice(named("write").and(takesArguments(1)).and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand"))),
                                LettuceWriteAdvice.class.getName())
                        .advice(named("write").and(takesArguments(1)).and(takesArgument(0, Collection.class)),
                                LettuceWriteAllAdvice.class.getName())
                        .advice(namedOneOf("notifyChannelActive", "notifyChannelInactive").and(takesArguments(1)), LettuceChannelAdvice.class.getName())
                        .advice(named("notifyDrainQueuedCommands").and(takesArguments(1)), LettuceRequeueAdvice.class.getName())
                        .advice(named("writeToDisconnectedBuffer").and(takesArguments(1))
                                .and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand"))), LettuceBufferAdvice.class.getName())
                        .advice(named("notifyException").and(takesArguments(1)).and(takesArgument(0, Throwable.class)),
                                LettuceReleaseAdvice.class.getName())
                        .advice(named("closeAsync").and(takesArguments(0)), LettuceCloseAdvice.class.getName()))
                .type(WATCHDOG.matcher())
                .transform(advice(agentLoader)
                        .advice(named("run").and(takesArguments(2)).and(takesArgument(0, int.class)), LettuceReconnectAdvice.class.getName()))
                .type(CLIENT.matcher())
                .transform(advice(agentLoader)
                        .advice(named("initializeChannelAsync").and(takesArguments(1))
                                .and(takesArgument(0, named("io.lettuce.core.ConnectionBuilder"))), LettuceConnectAdvice.class.getName()))
                .type(REDIS_CLIENT.matcher())
                .transform(advice(agentLoader)
                        .advice(namedOneOf("connectStandaloneAsync", "connectPubSubAsync").and(takesArguments(3))
                                .and(takesArgument(1, named("io.lettuce.core.RedisURI"))), LettuceClientConnectAdvice.class.getName()));
    }
}
