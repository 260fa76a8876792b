package dev.watchdog.agent.instrument.jedis;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowRejection;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Jedis 7 and 8 ({@code redis.clients:jedis}): the one {@code Connection} class every client sends
 * through and connects with. Where Jedis is absent the matcher never matches.
 */
public final class JedisInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CONNECTION = TypeNames.named("redis.clients.jedis.Connection");

    @Override
    public String name() {
        return "jedis";
    }

    @Override
    public TypeNames typeNames() {
        return CONNECTION;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CONNECTION.matcher())
                .transform(advice(agentLoader)
                        .advice(named("sendCommand").and(takesArguments(1))
                                        .and(takesArgument(0, named("redis.clients.jedis.CommandArguments"))),
                                JedisRejectAdvice.class.getName(), RethrowRejection.class.getName())
                        .advice(named("connect").and(takesArguments(0)), JedisConnectAdvice.class.getName(), RethrowRejection.class.getName()));
    }
}
