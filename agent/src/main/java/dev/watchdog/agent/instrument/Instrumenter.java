package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.Gate;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.tinylog.TaggedLogger;

/**
 * Installs every enabled library instrumentation in one AgentBuilder. Classes loaded before the
 * install (the agent starts off the main thread) are retransformed. JDK classes are not ignored
 * (HttpClient, HttpURLConnection live there), so every matcher names its types precisely or
 * filters by name before resolving a type hierarchy; {@link NamePrefilter} ignores every other name
 * before the type is described.
 */
public final class Instrumenter {

    private static final TaggedLogger LOG = AgentLog.of("instrument");

    private Instrumenter() {
    }

    public static void install(Instrumentation inst, List<LibraryInstrumentation> libraries, ClassLoader agentLoader)
            throws ReflectiveOperationException {
        AgentBuilder builder = QuietAgentBuilder.create()
                .disableClassFormatChanges()
                .with(AgentBuilder.Listener.ModuleReadEdgeCompleting.of(inst, false, Gate.class))
                .with(new Failures())
                .ignore(new NamePrefilter(libraries))   // first, by name only: most types end here undescribed
                .or(isSynthetic())
                .or(any(), is(agentLoader));
        for (LibraryInstrumentation library : libraries) {
            builder = library.apply(builder, agentLoader);
        }
        builder.installOn(inst);
    }

    /** A class we could not instrument keeps working untouched; say so at debug level. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            LOG.debug("cannot instrument {}: {}", typeName, error.toString());
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            LOG.debug("instrumented {}", type.getName());
        }
    }
}
