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
 * <p>The entries are read through the system class loader, which already has the agent jar open:
 * premain never parses the jar's directory a second time.
 */
final class BootstrapInjector {

    private static final String INDEX = "boot/index";
    private static final String GATE = "dev.watchdog.bootstrap.Gate";

    private BootstrapInjector() {
    }

    /** @return false when the gate already exists (the agent was started twice in this JVM) */
    static boolean inject(Instrumentation inst, ClassLoader jar) throws Exception {
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

    private static List<String> index(ClassLoader jar) throws IOException {
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

    private static byte[] read(ClassLoader jar, String entry) throws IOException {
        try (InputStream in = open(jar, entry)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(ClassLoader jar, String entry) throws IOException {
        InputStream in = jar.getResourceAsStream(entry);
        if (in == null) {
            throw new IOException("agent jar entry missing: " + entry);
        }
        return in;
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
