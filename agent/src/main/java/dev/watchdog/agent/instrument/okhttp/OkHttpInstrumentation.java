package dev.watchdog.agent.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowOrReport;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * OkHttp 4.x and 5.x: every call is a {@code okhttp3.internal.connection.RealCall}. Where OkHttp is
 * absent (or another major version without that class) the matcher simply never matches.
 */
public final class OkHttpInstrumentation implements LibraryInstrumentation {

    private static final TypeNames CALL = TypeNames.named("okhttp3.internal.connection.RealCall");

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public TypeNames typeNames() {
        return CALL;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(CALL.matcher())
                .transform(advice(agentLoader)
                        .advice(named("execute").and(takesArguments(0)), OkHttpExecuteAdvice.class.getName(), RethrowOrReport.class.getName())
                        .advice(named("enqueue").and(takesArguments(1)), OkHttpExecuteAdvice.class.getName(), OkHttpEnqueueAdvice.class.getName()));
    }
}
