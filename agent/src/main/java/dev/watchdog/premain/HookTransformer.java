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
 */
final class HookTransformer implements ClassFileTransformer {

    static final String SPRING_APPLICATION = "org/springframework/boot/SpringApplication";
    static final String R4J_REGISTRY = "io/github/resilience4j/circuitbreaker/internal/InMemoryCircuitBreakerRegistry";
    static final String MICROMETER_METRICS = "io/micrometer/core/instrument/Metrics";

    private static final String REWRITER = "dev.watchdog.agent.integrations.HookBytes";
    private static final String INTEGRATIONS = "dev.watchdog.bootstrap.Integrations";

    private final Instrumentation inst;
    private volatile Method rewrite;

    HookTransformer(Instrumentation inst) {
        this.inst = inst;
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
