package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class LoadedTypeFallbackPoolTest {

    private final ClassLoader loader = getClass().getClassLoader();
    private final TypePool pool = new LoadedTypeFallbackPool().typePool(ClassFileLocator.ForClassLoader.of(loader), loader);

    @Test
    void aTypeWithAClassFileIsReadFromIt() {
        TypeDescription type = pool.describe(TypeNames.class.getName()).resolve();
        assertEquals(TypeNames.class.getName(), type.getName());
        assertFalse(type.isInterface());
    }

    @Test
    void anOpenTelemetryInterfaceNotDefinedYetIsTheEmptyPublicInterfaceItWillBe() {
        String name = LoadedTypeFallbackPool.RUNTIME_INTERFACES + "VirtualFieldAccessor$java$sql$Statement$NotDefinedYet";
        TypePool.Resolution resolution = pool.describe(name);
        assertTrue(resolution.isResolved());
        TypeDescription type = resolution.resolve();
        assertTrue(type.isInterface() && type.isPublic(), type.toString());
        assertTrue(type.getDeclaredMethods().isEmpty());
    }

    @Test
    void anOpenTelemetryInterfaceIsResolvedHoweverOftenItIsAskedFor() {
        String name = LoadedTypeFallbackPool.RUNTIME_INTERFACES + "VirtualFieldAccessor$AskedTwice";
        for (int i = 0; i < 3; i++) {   // a miss cached by the first lookup once answered every later one
            assertTrue(pool.describe(name).isResolved(), "lookup " + i);
            assertTrue(pool.describe(name).resolve().isInterface(), "lookup " + i);
        }
    }

    @Test
    void anyOtherMissingTypeStaysMissing() {
        assertFalse(pool.describe("com.example.NoSuchType").isResolved());
    }
}
