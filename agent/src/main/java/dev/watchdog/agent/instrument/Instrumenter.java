package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

import dev.watchdog.bootstrap.Gate;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Installs every enabled library instrumentation in one AgentBuilder. Classes loaded before the
 * install (the agent starts off the main thread) are retransformed. JDK classes are not ignored
 * (HttpClient, HttpURLConnection live there), so every matcher names its types precisely or
 * filters by name before resolving a type hierarchy; {@link NamePrefilter} ignores every other name
 * before the type is described.
 */
public final class Instrumenter {

    private Instrumenter() {
    }

    /** Installs, retransforming the classes loaded before; returns what that cost (on this thread). */
    public static InstallReport install(Instrumentation inst, List<LibraryInstrumentation> libraries,
                                        ClassLoader agentLoader) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        int loaded = inst.getAllLoadedClasses().length;
        NamePrefilter prefilter = new NamePrefilter(libraries);
        LongAdder retransformed = new LongAdder();
        builder(libraries, agentLoader, prefilter)
                .with(AgentBuilder.Listener.ModuleReadEdgeCompleting.of(inst, false, Gate.class))
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.Listener.Adapter() {
                    @Override
                    public void onComplete(int batches, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
                        retransformed.add(types.size());
                        failures.keySet().forEach(failed -> retransformed.add(-failed.size()));
                    }
                })
                .installOn(inst);
        return new InstallReport(System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu, loaded,
                prefilter.passed(), retransformed.sum());
    }

    /** All of the install but the JVM's part: a test runs it over class files of its own with {@code makeRaw()}. */
    static AgentBuilder builder(List<LibraryInstrumentation> libraries, ClassLoader agentLoader) {
        return builder(libraries, agentLoader, new NamePrefilter(libraries));
    }

    private static AgentBuilder builder(List<LibraryInstrumentation> libraries, ClassLoader agentLoader,
                                        NamePrefilter prefilter) {
        AgentBuilder builder = QuietAgentBuilder.create()
                // classes another agent changed first stay instrumentable: the interfaces it adds at run time may
                // have no class file (described from the loaded class then) or not exist yet (never validated)
                .with(new ByteBuddy().with(TypeValidation.DISABLED))
                .with(new LoadedTypeFallbackPool())
                .disableClassFormatChanges()
                .with(new TypeFailures(libraries))
                .ignore(prefilter)   // first, by name only: most types end here undescribed
                .or(isSynthetic())
                .or(any(), is(agentLoader));
        for (LibraryInstrumentation library : libraries) {
            builder = library.apply(builder, agentLoader);
        }
        return builder;
    }
}
