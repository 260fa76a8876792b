package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.watchdog.agent.log.AgentLog;
import java.lang.reflect.Constructor;
import java.util.Collections;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.tinylog.TaggedLogger;

/**
 * {@code new AgentBuilder.Default()} builds a self-injecting initialization strategy whose static
 * set-up reaches {@code sun.misc.Unsafe}, which JDK 24+ reports on the application's stderr. Advice
 * inlining needs no initializer, so this starts from ByteBuddy's own defaults (as its public
 * constructor passes them) with the no-op initialization strategy, and never touches Unsafe.
 * The full constructor is protected and names a protected type, hence reflection; QuietAgentBuilderTest
 * pins it to the ByteBuddy the agent ships. Should it fail all the same, the public constructor
 * builds the same configuration (at the price of that warning) and the agent says so.
 */
final class QuietAgentBuilder {

    private static final TaggedLogger LOG = AgentLog.of("instrument");

    private QuietAgentBuilder() {
    }

    static AgentBuilder create() {
        try {
            return reflective();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this ByteBuddy does not take the agent's quiet AgentBuilder ({}); using its public one, which may"
                    + " print a warning about sun.misc.Unsafe on stderr", e.toString());
            return new AgentBuilder.Default()
                    .with(new AgentBuilder.CircularityLock.Default())
                    .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .ignore(nameStartsWith("net.bytebuddy."));
        }
    }

    /**
     * ByteBuddy's defaults as its public constructor passes them, but: no initialization strategy, types
     * decorated, loaded classes retransformed, nothing injected, only ByteBuddy's own types ignored.
     */
    static AgentBuilder reflective() throws ReflectiveOperationException {
        Constructor<?> full = null;
        for (Constructor<?> c : AgentBuilder.Default.class.getDeclaredConstructors()) {
            if (full == null || c.getParameterCount() > full.getParameterCount()) {
                full = c;
            }
        }
        Object[] args = {
            new ByteBuddy(),
            AgentBuilder.Listener.NoOp.INSTANCE,
            new AgentBuilder.CircularityLock.Default(),
            AgentBuilder.PoolStrategy.Default.FAST,
            AgentBuilder.TypeStrategy.Default.DECORATE,
            AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
            ClassFileLocator.NoOp.INSTANCE,
            instance(AgentBuilder.Default.class, "$NativeMethodStrategy$Disabled"),
            instance(AgentBuilder.Default.class, "$WarmupStrategy$NoOp"),
            AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
            AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
            AgentBuilder.RedefinitionStrategy.RETRANSFORMATION,
            AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
            AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
            AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
            instance(AgentBuilder.RedefinitionStrategy.class, "$ResubmissionStrategy$Disabled"),
            AgentBuilder.InjectionStrategy.Disabled.INSTANCE,
            AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
            AgentBuilder.DescriptionStrategy.Default.HYBRID,
            AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
            AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
            AgentBuilder.InstallationListener.NoOp.INSTANCE,
            new AgentBuilder.RawMatcher.ForElementMatchers(nameStartsWith("net.bytebuddy.")),
            Collections.<Object>emptyList(),
        };
        if (full.getParameterCount() != args.length) {
            throw new IllegalStateException("unexpected ByteBuddy version: AgentBuilder.Default has "
                    + full.getParameterCount() + " parameters");
        }
        full.setAccessible(true);
        return (AgentBuilder) full.newInstance(args);
    }

    /** The INSTANCE constant of a protected nested type of ByteBuddy's. */
    private static Object instance(Class<?> outer, String nested) throws ReflectiveOperationException {
        Class<?> type = Class.forName(outer.getName() + nested, true, outer.getClassLoader());
        java.lang.reflect.Field field = type.getDeclaredField("INSTANCE");
        field.setAccessible(true);
        return field.get(null);
    }
}
