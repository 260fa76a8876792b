package dev.watchdog.premain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the gate classes (jar entries {@code boot/**.classdata}, listed in {@code boot/index})
 * to the bootstrap class loader.
 *
 * <p>Appending a jar to the bootstrap class path would make HotSpot print a class-sharing warning
 * on the application's stderr and switch sharing off for application classes. Instead, the
 * internal {@code JavaLangAccess.defineClass} defines each class directly, with a null (bootstrap)
 * loader; {@link Instrumentation#redefineModule} opens that one package to this module first.
 * Bootstrap classes must not extend one another: each is defined alone, in any order.
 *
 * <p>The entries are read from the agent jar directly (a {@link JarFile} on the jar the system class
 * loader already opened shares its parsed directory), found through a small index rather than by
 * scanning thousands of entries. Reading them as class-path resources instead would start the
 * module image reader and the default NIO file system on the application's main thread.
 */
final class BootstrapInjector {

    private static final String INDEX = "boot/index";
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
        for (String path : index(jar)) {
            define.invoke(javaLangAccess, null, path.replace('/', '.'), read(jar, "boot/" + path + ".classdata"), null,
                    "watchdog-agent");
        }
        return true;
    }

    private static List<String> index(JarFile jar) throws IOException {
        List<String> paths = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(jar, INDEX), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    paths.add(line.trim());
                }
            }
        }
        return paths;
    }

    private static byte[] read(JarFile jar, String entry) throws IOException {
        try (InputStream in = open(jar, entry)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(JarFile jar, String entry) throws IOException {
        JarEntry e = jar.getJarEntry(entry);
        if (e == null) {
            throw new IOException("agent jar entry missing: " + entry);
        }
        return jar.getInputStream(e);
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
