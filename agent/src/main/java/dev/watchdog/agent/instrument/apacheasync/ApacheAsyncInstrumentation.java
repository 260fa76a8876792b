package dev.watchdog.agent.instrument.apacheasync;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The Apache async clients the {@code apache-http} hooks do not reach: HttpAsyncClient 4.1
 * ({@code org.apache.http.impl.nio.client}, under the Elasticsearch and OpenSearch low-level REST
 * clients), both its full client ({@code HttpAsyncClients.custom()/createDefault()}) and its minimal
 * one; and HttpClient 5's minimal async clients ({@code HttpAsyncClients.createMinimal()},
 * {@code createHttp2Minimal()}), which never pass the exec chain the {@code apache-http} async hook sits on.
 * A call to an open host fails through its future and callback with the agent's ConnectException;
 * {@code execute} never throws. Absent libraries or versions simply never match.
 */
public final class ApacheAsyncInstrumentation implements LibraryInstrumentation {

    private static final TypeNames ASYNC4 = TypeNames.named("org.apache.http.impl.nio.client.InternalHttpAsyncClient",
            "org.apache.http.impl.nio.client.MinimalHttpAsyncClient");
    private static final TypeNames MINIMAL5 = TypeNames.named("org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient",
            "org.apache.hc.client5.http.impl.async.MinimalH2AsyncClient");

    @Override
    public String name() {
        return "apache-async";
    }

    @Override
    public TypeNames typeNames() {
        return ASYNC4.or(MINIMAL5);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(ASYNC4.matcher())
                .transform(advice(agentLoader).advice(named("execute").and(takesArguments(4))
                                .and(takesArgument(0, named("org.apache.http.nio.protocol.HttpAsyncRequestProducer")))
                                .and(takesArgument(3, named("org.apache.http.concurrent.FutureCallback"))),
                        AsyncClient4ExecuteAdvice.class.getName()))
                .type(MINIMAL5.matcher())
                // the RequestChannel#sendRequest body each minimal client's execute(handler, pushHandlerFactory,
                // context) hands to the exchange handler (a lambda, so matched by its shape, not its number)
                .transform(advice(agentLoader).advice(isPrivate().and(nameStartsWith("lambda$execute$"))
                                .and(returns(void.class)).and(takesArguments(7))
                                .and(takesArgument(1, named("org.apache.hc.core5.http.nio.AsyncClientExchangeHandler")))
                                .and(takesArgument(4, named("org.apache.hc.core5.http.HttpRequest"))),
                        MinimalSendRequestAdvice.class.getName()));
    }
}
