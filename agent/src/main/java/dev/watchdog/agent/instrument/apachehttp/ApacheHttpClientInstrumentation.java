package dev.watchdog.agent.instrument.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Apache HttpClient classic, 4.5 ({@code org.apache.http}) and 5.x ({@code org.apache.hc.client5}):
 * the two concrete clients of each; and 5.x async: the internal clients behind
 * {@code HttpAsyncClients.custom()/createDefault()/createHttp2...} (5.6's {@code executeImmediate};
 * the minimal clients and HttpAsyncClient 4: {@code apacheasync}). Absent libraries or versions simply never match.
 */
public final class ApacheHttpClientInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CLASSIC = TypeNames.named("org.apache.http.impl.client.InternalHttpClient",
            "org.apache.http.impl.client.MinimalHttpClient",
            "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
            "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    private static final TypeNames ASYNC = TypeNames.named("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient");

    @Override
    public String name() {
        return "apache-http";
    }

    @Override
    public TypeNames typeNames() {
        return CLASSIC.or(ASYNC);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CLASSIC.matcher())
                .transform(advice(agentLoader).advice(named("doExecute").and(takesArguments(3)),
                        HttpHostTargetAdvice.class.getName(), RethrowOrReport.class.getName()))
                .type(ASYNC.matcher())
                .transform(advice(agentLoader).advice(named("executeImmediate").and(takesArguments(5)),
                        AsyncExecRejectAdvice.class.getName()));
    }
}
