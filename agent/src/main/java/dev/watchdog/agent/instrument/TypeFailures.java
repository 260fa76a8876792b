package dev.watchdog.agent.instrument;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.tinylog.TaggedLogger;

/**
 * A type that cannot be instrumented keeps working untouched, but its calls are no longer failed
 * fast: said once at WARN, with the library instrumentation that matched it and the version of the
 * jar it came from (a library version the advice does not fit shows in the log, not only at DEBUG).
 */
final class TypeFailures extends AgentBuilder.Listener.Adapter {

    private static final TaggedLogger LOG = AgentLog.of("instrument");

    private final List<LibraryInstrumentation> libraries;
    /** type name and version: a retransformation, or the same class in another loader, is not told again. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    TypeFailures(List<LibraryInstrumentation> libraries) {
        this.libraries = List.copyOf(libraries);
    }

    /**
     * The report reads the type's jar and logs: on an agent thread, never on the application's thread
     * that was loading the class. It lives while there is work (rare: a type that fails to instrument).
     */
    private final ThreadPoolExecutor reporter = idleEndingThread();

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        try {
            reporter.execute(() -> report(typeName, loader, error));
        } catch (RuntimeException full) {
            // a storm of failing types: the first ones were said
        }
    }

    private void report(String typeName, ClassLoader loader, Throwable error) {
        String version = LibraryVersion.of(typeName, loader);
        if (reported.add(typeName + " " + version)) {
            LOG.warn("type={} library={} version={} cannot be instrumented; its calls are not failed fast: {}",
                    typeName, libraryOf(typeName), version, error.toString());
        } else {
            LOG.debug("type={} cannot be instrumented again: {}", typeName, error.toString());
        }
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        LOG.debug("instrumented {}", type.getName());
    }

    private static ThreadPoolExecutor idleEndingThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                task -> new AgentThread(task, "watchdog-type-failures"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The libraries whose names the type has (their matchers are proven to stay within them). */
    private String libraryOf(String typeName) {
        String names = libraries.stream().filter(l -> l.typeNames().mayMatch(typeName))
                .map(LibraryInstrumentation::name).collect(Collectors.joining("/"));
        return names.isEmpty() ? "unknown" : names;
    }
}
