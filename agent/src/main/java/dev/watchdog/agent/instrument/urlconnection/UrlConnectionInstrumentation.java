package dev.watchdog.agent.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code java.net.HttpURLConnection}: the JDK's implementation (HTTPS delegates to it) for
 * connect, getInputStream and getOutputStream, and the base class's getResponseCode.
 */
public final class UrlConnectionInstrumentation implements LibraryInstrumentation {

    @Override
    public String name() {
        return "url-connection";
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(named("sun.net.www.protocol.http.HttpURLConnection"))
                .transform(advice(agentLoader).advice(namedOneOf("connect", "getInputStream", "getOutputStream")
                        .and(takesArguments(0)), UrlConnectionAdvice.class.getName(), RethrowOrReport.class.getName()))
                .type(named("java.net.HttpURLConnection"))
                .transform(advice(agentLoader).advice(named("getResponseCode").and(takesArguments(0)),
                        UrlConnectionAdvice.class.getName(), RethrowOrReport.class.getName()));
    }
}
