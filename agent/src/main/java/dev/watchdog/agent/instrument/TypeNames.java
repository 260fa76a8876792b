package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The class names a library's types can have, told by the name alone: exact names, name endings,
 * parts of a name. A library matches its types by {@link #matcher()} (and whatever else it checks),
 * and {@link NamePrefilter} lets through exactly these names: the two cannot drift apart.
 */
public final class TypeNames {

    private final Set<String> exact;
    private final List<String> endings;
    private final List<String> parts;

    private TypeNames(Set<String> exact, List<String> endings, List<String> parts) {
        this.exact = Set.copyOf(exact);
        this.endings = List.copyOf(endings);
        this.parts = List.copyOf(parts);
    }

    public static TypeNames named(String... names) {
        return new TypeNames(Set.of(names), List.of(), List.of());
    }

    public static TypeNames endingWith(String ending) {
        return new TypeNames(Set.of(), List.of(ending), List.of());
    }

    public static TypeNames containing(String part) {
        return new TypeNames(Set.of(), List.of(), List.of(part));
    }

    /** Names either may have. */
    public TypeNames or(TypeNames other) {
        Set<String> allExact = new TreeSet<>(exact);
        allExact.addAll(other.exact);
        List<String> allEndings = new ArrayList<>(endings);
        allEndings.addAll(other.endings);
        List<String> allParts = new ArrayList<>(parts);
        allParts.addAll(other.parts);
        return new TypeNames(allExact, allEndings, allParts);
    }

    /** True for a name given here. Runs for every class the JVM loads: plain string tests only. */
    public boolean mayMatch(String name) {
        if (exact.contains(name)) {
            return true;
        }
        for (String ending : endings) {
            if (name.endsWith(ending)) {
                return true;
            }
        }
        for (String part : parts) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The same names as a type matcher, to start a library's {@code type(...)} with. */
    public ElementMatcher.Junction<TypeDescription> matcher() {
        List<ElementMatcher.Junction<TypeDescription>> each = new ArrayList<>();
        if (!exact.isEmpty()) {
            each.add(namedOneOf(exact.toArray(String[]::new)));
        }
        endings.forEach(ending -> each.add(nameEndsWith(ending)));
        parts.forEach(part -> each.add(nameContains(part)));
        ElementMatcher.Junction<TypeDescription> any = each.isEmpty() ? none() : each.get(0);
        for (int i = 1; i < each.size(); i++) {
            any = any.or(each.get(i));
        }
        return any;
    }

    /** Every exact name given here (the test proves each is a type its library matches). */
    public Set<String> exactNames() {
        return exact;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(new TreeSet<>(exact));
        endings.forEach(e -> all.add("*" + e));
        parts.forEach(p -> all.add("*" + p + "*"));
        return String.join(", ", all);
    }
}
