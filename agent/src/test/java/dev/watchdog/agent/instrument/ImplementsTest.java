package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Statement;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The super type search that another agent's run-time interfaces cannot break. */
class ImplementsTest {

    /** A statement class as the OpenTelemetry agent leaves it: it also implements an interface nothing can describe. */
    @Test
    void aStatementWithAnUndescribableInterfaceIsStillAStatement() {
        byte[] changed = new ByteBuddy()
                .subclass(Object.class)
                .name("example.ChangedStatement")
                .implement(undescribable(), TypeDescription.ForLoadedType.of(Statement.class))
                .make()
                .getBytes();
        TypePool pool = TypePool.Default.of(new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of("example.ChangedStatement", changed),
                ClassFileLocator.ForClassLoader.ofSystemLoader()));
        TypeDescription type = pool.describe("example.ChangedStatement").resolve();
        assertTrue(Implements.type("java.sql.Statement").matches(type));
        assertFalse(Implements.type("java.sql.Driver").matches(type));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> net.bytebuddy.matcher.ElementMatchers.hasSuperType(
                        net.bytebuddy.matcher.ElementMatchers.named("java.sql.Statement")).matches(type),
                "ByteBuddy's own search fails on it: the reason this matcher exists");
    }

    /** An interface made here whose class file no locator of the pool has (as one defined at run time). */
    private static TypeDescription undescribable() {
        return new ByteBuddy().makeInterface().name("io.example.field.VirtualFieldAccessorOfStatement").make()
                .getTypeDescription();
    }
}
