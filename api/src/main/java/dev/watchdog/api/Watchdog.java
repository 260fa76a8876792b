package dev.watchdog.api;

import dev.watchdog.api.internal.AgentLink;
import dev.watchdog.api.internal.Events;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The watchdog agent, seen from the application. Every method returns at once and never throws; without the agent
 * each one is a no-op (see the package documentation for the rules and for how versions of this jar and of the agent
 * work together).
 *
 * <pre>{@code
 * Registration r = Watchdog.onHealthChange(e -> log.info("{} is {}", e.target(), e.healthy() ? "UP" : "DOWN"));
 * }</pre>
 */
public final class Watchdog {

    /** The bridge protocol this jar speaks (see the package documentation). */
    public static final int PROTOCOL = AgentLink.PROTOCOL;

    private Watchdog() {
    }

    /** True when the agent runs in this JVM and this jar is connected to it. */
    public static boolean attached() {
        return AgentLink.connected();
    }

    /** {@code listener} is told of every change of a target's verdict, on one of the agent's threads, in order. */
    public static Registration onHealthChange(HealthListener listener) {
        if (listener == null) {
            return AgentLink.NONE;
        }
        return AgentLink.register("onHealth", Events.health(listener), listener.getClass().getName());
    }

    /**
     * False only when the agent's verdict for {@code target} is DOWN: true without the agent, for a target not checked
     * yet and for a name the agent does not know (fail-open: this never keeps the application from trying).
     */
    public static boolean isUp(String target) {
        return !"DOWN".equals(AgentLink.call("health", target));
    }

    /** The breaker of {@code host:port}; {@link BreakerState#CLOSED} without the agent or when it has none. */
    public static BreakerState breakerState(String hostPort) {
        Object state = AgentLink.call("breaker", hostPort);
        if (state instanceof String name) {
            for (BreakerState s : BreakerState.values()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
        }
        return BreakerState.CLOSED;
    }

    /** {@code listener} is told when an overload (CPU, memory, heap) starts and when it ends. */
    public static Registration onOverload(OverloadListener listener) {
        if (listener == null) {
            return AgentLink.NONE;
        }
        return AgentLink.register("onOverload", Events.overload(listener), listener.getClass().getName());
    }

    /** {@code listener} is told of every change of every watched file (configured, or added by {@link #watchFile}). */
    public static Registration onFileChange(FileChangeListener listener) {
        if (listener == null) {
            return AgentLink.NONE;
        }
        return AgentLink.register("onFile", Events.file(listener), listener.getClass().getName());
    }

    /** Adds {@code file} to the agent's watched files (SHA-256 every {@code watchdog.files.interval}) until closed. */
    public static Registration watchFile(Path file) {
        if (file == null) {
            return AgentLink.NONE;
        }
        try {
            return AgentLink.register("watchFile", file.toAbsolutePath().normalize().toString());
        } catch (Throwable e) {
            return AgentLink.NONE;
        }
    }

    /** {@link #registerCheck(String, CheckOptions, Callable, String...)} with the agent's default interval, timeout and thresholds. */
    public static Registration registerCheck(String name, Callable<Boolean> check, String... hosts) {
        return registerCheck(name, CheckOptions.defaults(), check, hosts);
    }

    /**
     * A health check written in code, run by the agent like a configured target: on its own threads, every interval
     * (with its jitter), failed when slower than the timeout, DOWN after the unhealthy threshold of failures, and while
     * DOWN the calls to {@code hosts} ({@code host:port}) fail fast. The check fails when it returns false or throws
     * (the exception's message is the reason); a null or true answer passes. It shows in the agent's status, metrics
     * and MBeans under {@code name}, which must not be a configured target's. Closing it stops the checks and drops
     * every reference the agent held to it.
     */
    public static Registration registerCheck(String name, CheckOptions options, Callable<Boolean> check, String... hosts) {
        if (name == null || name.isBlank() || check == null) {
            return AgentLink.NONE;
        }
        Map<String, Object> settings = new HashMap<>();
        CheckOptions o = options == null ? CheckOptions.defaults() : options;
        put(settings, "interval", o.interval());
        put(settings, "timeout", o.timeout());
        if (o.unhealthyThreshold() > 0) {
            settings.put("unhealthyThreshold", o.unhealthyThreshold());
        }
        if (o.healthyThreshold() > 0) {
            settings.put("healthyThreshold", o.healthyThreshold());
        }
        String[] covered = hosts == null ? new String[0] : hosts.clone();
        return AgentLink.register("registerCheck", name, (Callable<?>) check, covered, settings);
    }

    private static void put(Map<String, Object> settings, String key, Duration d) {
        if (d != null && !d.isNegative() && !d.isZero()) {
            settings.put(key, d);
        }
    }
}
