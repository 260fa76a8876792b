package dev.watchdog.agent.instrument;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Whether a type is, or extends or implements, the named type: ByteBuddy's {@code hasSuperType}, except
 * that a super type that cannot be described is skipped instead of failing the whole match. Another
 * agent that went first (the OpenTelemetry agent) makes a driver's statements implement interfaces it
 * defines later, which nothing can describe yet; {@code java.sql.Statement} is found all the same.
 */
public final class Implements extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

    private final String name;

    private Implements(String name) {
        this.name = name;
    }

    public static Implements type(String name) {
        return new Implements(name);
    }

    @Override
    public boolean matches(TypeDescription target) {
        return search(target, new HashSet<>());
    }

    private boolean search(TypeDefinition type, Set<String> seen) {
        TypeDescription erasure;
        try {
            erasure = type.asErasure();
            if (!seen.add(erasure.getName())) {
                return false;
            }
            if (erasure.getName().equals(name)) {
                return true;
            }
            TypeDefinition superClass = erasure.getSuperClass();
            if (superClass != null && search(superClass, seen)) {
                return true;
            }
        } catch (RuntimeException | LinkageError undescribable) {
            return false;   // a type no one can describe (yet): not the one searched for
        }
        TypeList.Generic interfaces;
        int count;
        try {
            interfaces = erasure.getInterfaces();
            count = interfaces.size();
        } catch (RuntimeException | LinkageError undescribable) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            try {
                if (search(interfaces.get(i), seen)) {
                    return true;
                }
            } catch (RuntimeException | LinkageError undescribable) {
                // this interface cannot be described; its siblings still count
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "implements(" + name + ")";
    }
}
