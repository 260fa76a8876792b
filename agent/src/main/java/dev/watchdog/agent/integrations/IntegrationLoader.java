package dev.watchdog.agent.integrations;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Defines the integration classes ({@code dev.watchdog.integration.*}, from the agent jar's bytes) once per
 * application loader, so that they implement the application's own library interfaces (Spring's, Micrometer's,
 * Resilience4j's) while reading the agent directly: {@code dev.watchdog.*} comes from the agent's loader,
 * everything else from the application's. The agent's own loader never loads them.
 */
final class IntegrationLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    static final String PACKAGE = "dev.watchdog.integration.";
    private static final String AGENT_PACKAGES = "dev.watchdog.";
    /** Weak values too: a loader refers to its parent, the key. */
    private static final Map<ClassLoader, WeakReference<IntegrationLoader>> LOADERS = new WeakHashMap<>();

    private final ClassLoader agent;

    private IntegrationLoader(ClassLoader application, ClassLoader agent) {
        super("watchdog-integration", application);
        this.agent = agent;
    }

    /**
     * The integration loader over this application loader, created at the first call. Typed ClassLoader: the agent's
     * callers then never load this class before an integration is needed.
     */
    static ClassLoader of(ClassLoader application) {
        synchronized (LOADERS) {
            WeakReference<IntegrationLoader> ref = LOADERS.get(application);
            IntegrationLoader loader = ref == null ? null : ref.get();
            if (loader == null) {
                loader = new IntegrationLoader(application, IntegrationLoader.class.getClassLoader());
                LOADERS.put(application, new WeakReference<>(loader));
            }
            return loader;
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(PACKAGE)) {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : define(name);
            }
        }
        if (name.startsWith(AGENT_PACKAGES)) {
            return agent.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = agent.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        return defineClass(name, bytes, 0, bytes.length, IntegrationLoader.class.getProtectionDomain());
    }
}
