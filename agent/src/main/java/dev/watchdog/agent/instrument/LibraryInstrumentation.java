package dev.watchdog.agent.instrument;

import dev.watchdog.bootstrap.Gate;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;

/** The instrumentation of one library: what to match and which advice to inline. */
public interface LibraryInstrumentation {

    /** Short name shown in the start line and the status: jdbc, jdk-http, url-connection... */
    String name();

    /** Every class name its {@link #apply} may match: the name pre-filter lets only these through. */
    TypeNames typeNames();

    AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader);

    /**
     * Advice is read from the agent's loader and inlined; it never runs from there. Whatever an
     * advice method throws by mistake is suppressed and handed to {@link Gate#adviceFailed} (logged
     * once); the instrumented call then goes on as if the agent were absent. The weaving describes the
     * instrumented class's types with the same tolerant pool as the install ({@link LoadedTypeFallbackPool}).
     */
    default AgentBuilder.Transformer.ForAdvice advice(ClassLoader agentLoader) {
        return new AgentBuilder.Transformer.ForAdvice().with(new LoadedTypeFallbackPool()).include(agentLoader)
                .withExceptionHandler(ReportAdviceFailure.HANDLER);
    }

    /** The suppressed throwable on the operand stack goes to {@code Gate.adviceFailed(Throwable)}. */
    final class ReportAdviceFailure {
        static final Advice.ExceptionHandler HANDLER = handler();

        private ReportAdviceFailure() {
        }

        private static Advice.ExceptionHandler handler() {
            try {
                return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                        new MethodDescription.ForLoadedMethod(Gate.class.getMethod("adviceFailed", Throwable.class))));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("the gate has no adviceFailed(Throwable)", e);
            }
        }
    }
}
