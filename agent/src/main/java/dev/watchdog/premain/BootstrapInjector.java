package dev.watchdog.premain;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the gate classes (jar entries {@code boot/**.classdata}) to the bootstrap class loader.
 *
 * <p>Appending a jar to the bootstrap class path would make HotSpot print a class-sharing warning
 * on the application's stderr and switch sharing off for application classes. Instead, the
 * internal {@code JavaLangAccess.defineClass} defines each class directly, with a null (bootstrap)
 * loader; {@link Instrumentation#redefineModule} opens that one package to this module first.
 * Bootstrap classes must not extend one another: each is defined alone, in any order.
 */
final class BootstrapInjector {

    private static final String PREFIX = "boot/";
    private static final String SUFFIX = ".classdata";
    private static final String GATE = "dev.watchdog.bootstrap.Gate";

    private BootstrapInjector() {
    }

    /** @return false when the gate already exists (the agent was started twice in this JVM) */
    static boolean inject(Instrumentation inst, JarFile jar) throws Exception {
        if (bootstrapClass(GATE) != null) {
            return false;
        }
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("jdk.internal.access", Set.of(BootstrapInjector.class.getModule())), Set.of(), Map.of());
        Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
        Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
        Method define = Class.forName("jdk.internal.access.JavaLangAccess").getMethod("defineClass",
                ClassLoader.class, String.class, byte[].class, ProtectionDomain.class, String.class);
        for (JarEntry entry : bootEntries(jar)) {
            String path = entry.getName();
            String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length()).replace('/', '.');
            byte[] bytes;
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            define.invoke(javaLangAccess, null, name, bytes, null, "watchdog-agent");
        }
        return true;
    }

    private static List<JarEntry> bootEntries(JarFile jar) {
        List<JarEntry> entries = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (entry.getName().startsWith(PREFIX) && entry.getName().endsWith(SUFFIX)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The class if the bootstrap loader already has it, else null; never loads it elsewhere. */
    private static Class<?> bootstrapClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
