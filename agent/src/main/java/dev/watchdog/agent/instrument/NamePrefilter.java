package dev.watchdog.agent.instrument;

import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Ignores, by its name alone, every type no installed library instrumentation could match, before
 * anything else asks about it. The type pool describes a loading class lazily: its name costs nothing,
 * while any other question (modifiers, super types) parses the class file. Without this, every class
 * the application loads was parsed once for the ignore matcher's {@code isSynthetic()}.
 *
 * <p>The names are the libraries' own {@link LibraryInstrumentation#typeNames()}, which their type
 * matchers start from.
 */
final class NamePrefilter implements AgentBuilder.RawMatcher {

    private final TypeNames names;
    /** Names let through: the types described further (few: counted without contention on the rest). */
    private final LongAdder passed = new LongAdder();

    NamePrefilter(List<LibraryInstrumentation> libraries) {
        TypeNames all = TypeNames.named();
        for (LibraryInstrumentation library : libraries) {
            all = all.or(library.typeNames());
        }
        this.names = all;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        if (mayMatch(type.getName())) {
            passed.increment();
            return false;
        }
        return true;
    }

    /** Types let through so far, whether loading or (at the install) already loaded. */
    long passed() {
        return passed.sum();
    }

    /** True when some library may match a type of this name; never for ByteBuddy's or the agent's own. */
    boolean mayMatch(String name) {
        return !name.startsWith("net.bytebuddy.") && !name.startsWith("dev.watchdog.") && names.mayMatch(name);
    }
}
