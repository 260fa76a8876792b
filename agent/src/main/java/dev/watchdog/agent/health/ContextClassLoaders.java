package dev.watchdog.agent.health;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The application's class loaders as its threads see them: the distinct context class loaders of the live
 * threads, other than the JDK's own and the agent's. A Spring Boot fat jar's loader is the main thread's
 * from the start, before any of its classes connects anywhere; DriverManager finds drivers the same way.
 */
final class ContextClassLoaders {

    private ContextClassLoaders() {
    }

    static Set<ClassLoader> ofLiveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        Set<ClassLoader> loaders = Collections.newSetFromMap(new IdentityHashMap<>());
        ClassLoader system = ClassLoader.getSystemClassLoader();
        ClassLoader agent = ContextClassLoaders.class.getClassLoader();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (int i = 0; i < count; i++) {
            ClassLoader loader = threads[i].getContextClassLoader();
            if (loader != null && loader != system && loader != agent && loader != platform) {
                loaders.add(loader);
            }
        }
        return loaders;
    }
}
