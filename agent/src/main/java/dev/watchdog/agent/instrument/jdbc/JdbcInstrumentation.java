package dev.watchdog.agent.instrument.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.Implements;
import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every JDBC driver's connect (DriverManager, DataSources and pools all end there), which also records
 * the connection's URL, and every statement's execute methods. Names are filtered before any type hierarchy is resolved.
 */
public final class JdbcInstrumentation implements LibraryInstrumentation {

    private static final TypeNames DRIVERS = TypeNames.endingWith("Driver");
    private static final TypeNames STATEMENTS = TypeNames.containing("Statement");
    private static final ElementMatcher<MethodDescription> CONNECT =
            named("connect").and(takesArguments(2)).and(takesArgument(0, String.class)).and(not(isAbstract()));

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public TypeNames typeNames() {
        return DRIVERS.or(STATEMENTS);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(DRIVERS.matcher().and(not(isInterface())).and(Implements.type("java.sql.Driver")))
                .transform(advice(agentLoader)
                        .advice(CONNECT, DriverConnectAdvice.class.getName(), RethrowOrReport.class.getName())
                        .advice(CONNECT, DriverConnectedAdvice.class.getName()))
                .type(STATEMENTS.matcher().and(not(isInterface())).and(Implements.type("java.sql.Statement")))
                .transform(advice(agentLoader)
                        .advice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeBatch",
                                        "executeLargeUpdate", "executeLargeBatch")
                                        .and(isPublic()).and(not(isAbstract())),
                                StatementExecuteAdvice.class.getName(), StatementExecuteAdvice.class.getName()));
    }
}
