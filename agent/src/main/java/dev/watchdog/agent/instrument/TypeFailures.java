package dev.watchdog.agent.instrument;

import dev.watchdog.agent.log.AgentLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
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

    /** The libraries whose names the type has (their matchers are proven to stay within them). */
    private String libraryOf(String typeName) {
        String names = libraries.stream().filter(l -> l.typeNames().mayMatch(typeName))
                .map(LibraryInstrumentation::name).collect(Collectors.joining("/"));
        return names.isEmpty() ? "unknown" : names;
    }
}
