package dev.watchdog.testapps.loaders;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A web-container-style class loader: its own jars first, the parent only for what they do not hold
 * (and always for {@code java.*}, which only the JDK may define), as Tomcat's WebappClassLoader does.
 */
public final class ChildFirstLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    public ChildFirstLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("java.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notMine) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
