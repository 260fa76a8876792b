package dev.watchdog.agent.instrument.mongodb;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The MongoDB Java driver 5.x (sync and reactive streams share its core): server selection, where
 * every operation waits for a usable server, up to {@code serverSelectionTimeoutMS} (30 s by default).
 * {@code BaseCluster} serves single, replica-set and sharded deployments (and mongodb+srv), and
 * {@code LoadBalancedCluster} load-balanced ones. A version without these classes or methods is never matched.
 */
public final class MongoDbInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CLUSTERS = TypeNames.named("com.mongodb.internal.connection.BaseCluster",
            "com.mongodb.internal.connection.LoadBalancedCluster");

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public TypeNames typeNames() {
        return CLUSTERS;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CLUSTERS.matcher())
                .transform(advice(agentLoader)
                        .advice(named("selectServer").and(takesArguments(2)),
                                SelectServerAdvice.class.getName(), SelectServerAdvice.class.getName())
                        .advice(named("selectServerAsync").and(takesArguments(3)),
                                SelectServerAdvice.class.getName(), SelectServerAsyncAdvice.class.getName()));
    }
}
