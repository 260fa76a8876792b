package dev.watchdog.agent.instrument.pool;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.Implements;
import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code javax.sql.DataSource#getConnection} of pools and plain data sources (HikariCP's
 * {@code HikariDataSource} among them): a pool waits its whole connection timeout for a database
 * that is down however fast each connect fails, so the rejection must happen before the pool is
 * asked; the connection it hands out is recorded with the pool's URL. Only classes whose name ends in
 * {@code DataSource} have their hierarchy resolved.
 */
public final class PoolInstrumentation implements LibraryInstrumentation {

    private static final TypeNames DATA_SOURCES = TypeNames.endingWith("DataSource");
    private static final ElementMatcher<MethodDescription> GET_CONNECTION =
            named("getConnection").and(isPublic()).and(not(isAbstract())).and(takesArguments(0).or(takesArguments(2)));

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public TypeNames typeNames() {
        return DATA_SOURCES;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(DATA_SOURCES.matcher().and(not(isInterface())).and(Implements.type("javax.sql.DataSource")))
                .transform(advice(agentLoader)
                        .advice(GET_CONNECTION, DataSourceGetConnectionAdvice.class.getName(), DataSourceGetConnectionAdvice.class.getName())
                        .advice(GET_CONNECTION, DataSourceConnectedAdvice.class.getName()));
    }
}
