package dev.watchdog.agent.instrument.lettuce;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Test support: the real Lettuce, every class of it defined again in this loader with the agent's Lettuce
 * hooks inlined as the agent inlines them, for a scenario class loaded here too (it links to these classes);
 * everything else (Netty, Reactor, the gate, JUnit) is the test's own. Real connections, real reconnects,
 * without attaching an agent to the test's JVM.
 */
final class HookedLettuce extends ClassLoader {

    private final ClassFileTransformer hooks;
    private final String scenarios;

    HookedLettuce(Class<?> scenarios) {
        super(scenarios.getClassLoader());
        this.scenarios = scenarios.getName();
        this.hooks = new LettuceInstrumentation().apply(new AgentBuilder.Default().disableClassFormatChanges(), getParent()).makeRaw();
    }

    /** A new instance of the scenario class, as defined here. */
    Object scenarios() throws ReflectiveOperationException {
        return loadClass(scenarios).getConstructor().newInstance();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.lettuce.") && !name.startsWith(scenarios)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = hooked(name);
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private byte[] hooked(String name) throws ClassNotFoundException {
        String internalName = name.replace('.', '/');
        try (InputStream in = getParent().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            byte[] transformed = hooks.transform(this, internalName, null, null, bytes);
            return transformed == null ? bytes : transformed;
        } catch (IOException | IllegalClassFormatException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
