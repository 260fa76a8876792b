package dev.watchdog.premain;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Registered at premain, on the application's main thread: sees the few library classes whose loading the
 * integrations must not miss, and nothing else. For every other class it compares the name and returns null,
 * with no allocation: an application without these libraries pays a few string compares per class.
 *
 * <p>Spring Boot's {@code SpringApplication} and Resilience4j's {@code InMemoryCircuitBreakerRegistry} get a call
 * to {@code dev.watchdog.bootstrap.Integrations} inserted, synchronously (the application may already be starting);
 * the rewrite lives in the agent's loader, created now if the init thread has not yet. Micrometer's {@code Metrics}
 * only tells the agent which loader has Micrometer. Whatever fails here leaves the class as it was.
 *
 * <p>Registered only when one of these libraries, or Spring Boot's fat-jar launcher, is on the class path: any
 * transformer makes the JVM hand it the bytes of every class it loads, read back from the JDK's image and the jars even
 * for the classes the class-data sharing archive holds, which cost a small application ~100 ms of start-up and ~6 MiB
 * (the benchmarks' hello program) whatever the transformer then does with them.
 */
final class HookTransformer implements ClassFileTransformer {

    static final String SPRING_APPLICATION = "org/springframework/boot/SpringApplication";
    static final String R4J_REGISTRY = "io/github/resilience4j/circuitbreaker/internal/InMemoryCircuitBreakerRegistry";
    static final String MICROMETER_METRICS = "io/micrometer/core/instrument/Metrics";

    /** How the hooked libraries' jar files are named (a build tool's, an IDE's or a plain class path). */
    private static final String[] JARS = {"spring-boot-", "resilience4j-circuitbreaker-", "micrometer-core-"};
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.";

    private static final String REWRITER = "dev.watchdog.agent.integrations.HookBytes";
    private static final String INTEGRATIONS = "dev.watchdog.bootstrap.Integrations";

    private final Instrumentation inst;
    private volatile Method rewrite;

    HookTransformer(Instrumentation inst) {
        this.inst = inst;
    }

    /** Whether a jar on the class path is one of the hooked libraries (by its file name): no I/O (premain's thread). */
    static boolean librariesOnClassPath(String classPath) {
        if (classPath == null) {
            return false;
        }
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            String file = entry.substring(Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')) + 1);
            for (String jar : JARS) {
                if (file.startsWith(jar) && file.endsWith(".jar")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the class path is one Spring Boot executable jar (its manifest starts Boot's launcher). Read on the init
     * thread: the launcher opens its nested jars before any of them loads {@code SpringApplication}.
     */
    static boolean springBootJar(String classPath) {
        if (classPath == null || classPath.contains(java.io.File.pathSeparator)
                || !(classPath.endsWith(".jar") || classPath.endsWith(".war"))) {
            return false;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath, false)) {
            java.util.jar.Manifest manifest = jar.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith(BOOT_LAUNCHER);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (name == null || redefined != null || loader == null) {
            return null;
        }
        if (name.equals(SPRING_APPLICATION) || name.equals(R4J_REGISTRY)) {
            return rewrite(name, bytes);
        }
        if (name.equals(MICROMETER_METRICS)) {
            notifyMicrometer(loader);
        }
        return null;
    }

    private byte[] rewrite(String name, byte[] bytes) {
        try {
            Method m = rewrite;
            if (m == null) {
                AgentClassLoader agent = WatchdogPremain.agentLoader(inst);
                if (agent == null) {
                    return null;   // another agent owns this JVM
                }
                m = agent.loadClass(REWRITER).getMethod("rewrite", String.class, byte[].class);
                rewrite = m;
            }
            return (byte[]) m.invoke(null, name, bytes);
        } catch (Throwable e) {
            return null;   // the class stays as it was; the agent reports integrations it could not attach
        }
    }

    private void notifyMicrometer(ClassLoader loader) {
        try {
            if (WatchdogPremain.agentLoader(inst) != null) {
                Class.forName(INTEGRATIONS, true, null).getMethod("micrometer", Object.class).invoke(null, loader);
            }
        } catch (Throwable ignored) {
            // no Micrometer integration then
        }
    }
}
