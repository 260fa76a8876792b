package dev.watchdog.agent.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/** {@code java.net.http.HttpClient}: the JDK's one implementation class. */
public final class JdkHttpClientInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CLIENT = TypeNames.named("jdk.internal.net.http.HttpClientImpl");

    @Override
    public String name() {
        return "jdk-http";
    }

    @Override
    public TypeNames typeNames() {
        return CLIENT;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CLIENT.matcher())
                .transform(advice(agentLoader)
                        .advice(named("send").and(isPublic()).and(takesArguments(2)), HttpClientSendAdvice.class.getName(), RethrowOrReport.class.getName())
                        .advice(named("sendAsync").and(isPublic()).and(takesArguments(3)), HttpClientSendAdvice.class.getName(),
                                HttpClientSendAsyncAdvice.class.getName()));
    }
}
