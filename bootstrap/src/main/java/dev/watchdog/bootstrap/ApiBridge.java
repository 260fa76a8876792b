package dev.watchdog.bootstrap;

import java.util.function.BiFunction;

/**
 * Where the application's copies of the optional API ({@code dev.watchdog:watchdog-api}) meet the agent. Defined to the
 * bootstrap loader, so every application class loader finds it ({@code Class.forName(name, false, null)}); it speaks
 * JDK types only, so any API version works with any agent version: an operation is a name and an {@code Object[]} of
 * JDK-typed arguments, its answer a JDK type, and {@code null} means "unknown operation or no agent" (the API then does
 * its no-op). The operations and the versioning rule are documented in the API's package {@code dev.watchdog.api}.
 *
 * <p>The agent installs its handler once it is ready, then connects the API copies already loaded; a copy that asks
 * before that gets {@code null} from {@code protocol} and keeps its registrations until the agent connects it.
 */
public final class ApiBridge {

    /** The protocol generation the bridge carries (see the API's package documentation). */
    public static final int PROTOCOL = 1;

    private static volatile BiFunction<String, Object[], Object> handler;

    private ApiBridge() {
    }

    /** The agent's answer; null without a handler, for an unknown operation, or when the handler failed. Never throws. */
    public static Object call(String operation, Object[] args) {
        BiFunction<String, Object[], Object> h = handler;
        if (h == null || operation == null) {
            return null;
        }
        try {
            return h.apply(operation, args == null ? new Object[0] : args);
        } catch (Throwable e) {
            return null;
        }
    }

    /** The agent, once: @return false when a handler is already installed (the first one stays) */
    public static synchronized boolean install(BiFunction<String, Object[], Object> agent) {
        if (handler != null) {
            return false;
        }
        handler = agent;
        return true;
    }

    /** True once the agent's handler is installed. */
    public static boolean ready() {
        return handler != null;
    }
}
