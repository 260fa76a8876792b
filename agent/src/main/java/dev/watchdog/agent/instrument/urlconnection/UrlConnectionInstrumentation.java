package dev.watchdog.agent.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code java.net.HttpURLConnection}: the JDK's implementation (HTTPS delegates to it) for
 * connect, getInputStream and getOutputStream, and the base class's getResponseCode.
 */
public final class UrlConnectionInstrumentation implements LibraryInstrumentation {

    private static final TypeNames JDK_CONNECTION = TypeNames.named("sun.net.www.protocol.http.HttpURLConnection");
    private static final TypeNames BASE = TypeNames.named("java.net.HttpURLConnection");

    @Override
    public String name() {
        return "url-connection";
    }

    @Override
    public TypeNames typeNames() {
        return JDK_CONNECTION.or(BASE);
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(JDK_CONNECTION.matcher())
                .transform(advice(agentLoader).advice(namedOneOf("connect", "getInputStream", "getOutputStream")
                        .and(takesArguments(0)), UrlConnectionAdvice.class.getName(), RethrowOrReport.class.getName()))
                .type(BASE.matcher())
                .transform(advice(agentLoader).advice(named("getResponseCode").and(takesArguments(0)),
                        UrlConnectionAdvice.class.getName(), RethrowOrReport.class.getName()));
    }
}
