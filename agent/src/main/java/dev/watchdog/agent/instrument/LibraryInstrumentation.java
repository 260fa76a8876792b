package dev.watchdog.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

/** The instrumentation of one library: what to match and which advice to inline. */
public interface LibraryInstrumentation {

    /** Short name shown in the start line and the status: jdbc, jdk-http, url-connection... */
    String name();

    AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader);

    /** Advice is read from the agent's loader and inlined; it never runs from there. */
    default AgentBuilder.Transformer.ForAdvice advice(ClassLoader agentLoader) {
        return new AgentBuilder.Transformer.ForAdvice().include(agentLoader);
    }
}
