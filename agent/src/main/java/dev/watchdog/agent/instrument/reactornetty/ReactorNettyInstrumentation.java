package dev.watchdog.agent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import java.util.function.Supplier;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Reactor Netty 1.x (1.3 checked): the two connection providers behind every client, the pooled one
 * ({@code ConnectionProvider.create/builder}, HttpClient's default) and the one that opens a new
 * connection per acquire ({@code ConnectionProvider.newConnection()}, TcpClient's default, r2dbc-postgresql's).
 * Netty's own hooks ({@code netty}) cover connects and writes below them.
 */
public final class ReactorNettyInstrumentation implements LibraryInstrumentation {

    private static final TypeNames PROVIDERS = TypeNames.named("reactor.netty.resources.PooledConnectionProvider",
            "reactor.netty.resources.NewConnectionProvider");

    @Override
    public String name() {
        return "reactor-netty";
    }

    @Override
    public TypeNames typeNames() {
        return PROVIDERS;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(PROVIDERS.matcher())
                .transform(advice(agentLoader).advice(named("acquire").and(not(isAbstract())).and(takesArguments(4))
                                .and(takesArgument(2, Supplier.class)),
                        ConnectionProviderAcquireAdvice.class.getName()));
    }
}
