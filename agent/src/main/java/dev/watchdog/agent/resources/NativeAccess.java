package dev.watchdog.agent.resources;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Lets JNA load its natives without the JDK 24+ warning "A restricted method in java.lang.System
 * has been called ... Use --enable-native-access=ALL-UNNAMED" on the application's stderr.
 *
 * <p>The agent's classes live in an unnamed module, and the JDK keeps one native-access flag for
 * all unnamed modules together. Under the default {@code --illegal-native-access=warn}, the JDK sets
 * that very flag itself right after printing its warning; setting it first (through the internal
 * {@code JavaLangAccess.addEnableNativeAccessToAllUnnamed}, reached by opening {@code jdk.internal.access} with
 * the agent's Instrumentation) ends in the same state without the warning. Under {@code deny} the
 * user forbade native access: the flag is left alone and oshi is not used.
 */
final class NativeAccess {

    /** What {@link #prepare} found. */
    enum Outcome {
        /** Before JDK 24 nothing warns; or native access is already enabled (flag or {@code allow}). */
        NOT_NEEDED,
        /** Enabled by the agent, silently. */
        ENABLED,
        /** Native access would warn or fail: do not load JNA. */
        UNAVAILABLE
    }

    private NativeAccess() {
    }

    /** @param inst null in tests: then only a JDK before 24 (or an already enabled flag) is fine */
    static Outcome prepare(Instrumentation inst, Module agentModule) {
        if (Runtime.version().feature() < 24) {
            return Outcome.NOT_NEEDED;
        }
        try {
            if (isEnabled(agentModule)) {
                return Outcome.NOT_NEEDED;
            }
            if (inst == null) {
                return Outcome.UNAVAILABLE;
            }
            Module javaBase = Object.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of(),
                    Map.of("jdk.internal.access", Set.of(agentModule), "jdk.internal.module", Set.of(agentModule)),
                    Set.of(), Map.of());
            String mode = String.valueOf(Class.forName("jdk.internal.module.ModuleBootstrap")
                    .getMethod("illegalNativeAccess").invoke(null));
            if (mode.equals("ALLOW")) {
                return Outcome.NOT_NEEDED;
            }
            if (!mode.equals("WARN")) {
                return Outcome.UNAVAILABLE;
            }
            Object access = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null);
            // enabling one unnamed module sets nothing the JDK reads: the flag it checks is the all-unnamed one
            Class.forName("jdk.internal.access.JavaLangAccess").getMethod("addEnableNativeAccessToAllUnnamed").invoke(access);
            return isEnabled(agentModule) ? Outcome.ENABLED : Outcome.UNAVAILABLE;
        } catch (Throwable e) {
            return Outcome.UNAVAILABLE;
        }
    }

    /** {@code Module.isNativeAccessEnabled()}, public since JDK 22; called reflectively for the Java 17 build. */
    private static boolean isEnabled(Module module) throws ReflectiveOperationException {
        Method m = Module.class.getMethod("isNativeAccessEnabled");
        return (Boolean) m.invoke(module);
    }
}
