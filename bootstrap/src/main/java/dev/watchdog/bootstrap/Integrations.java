package dev.watchdog.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the premain hooks see of the libraries the agent integrates with: calls inlined into the application's
 * own classes (Spring Boot's {@code SpringApplication.refreshContext} entry, Resilience4j's registry constructors),
 * and the loaders in which Micrometer appeared. Each is forwarded to the agent's handler, or kept until the agent
 * sets one. Never throws into the application.
 */
public final class Integrations {

    public static final String SPRING = "spring";
    public static final String RESILIENCE4J = "resilience4j";
    public static final String MICROMETER = "micrometer";

    /** How long a Spring context waits for the agent when the application outran its start (it normally does not). */
    private static final long SPRING_WAIT_MILLIS = 1_000;

    private static final Object LOCK = new Object();
    private static BiConsumer<String, Object> handler;
    private static List<Object[]> pending = new ArrayList<>();
    private static boolean expected;

    private Integrations() {
    }

    /** Called at {@code SpringApplication.refreshContext(context)}'s entry, on the application's thread. */
    public static void springContext(Object context) {
        try {
            synchronized (LOCK) {
                long deadline = System.nanoTime() + SPRING_WAIT_MILLIS * 1_000_000;
                // the health contributor must exist before the refresh validates the health groups
                while (handler == null && expected && System.nanoTime() < deadline) {
                    LOCK.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            }
            deliver(SPRING, context);
        } catch (Throwable ignored) {
            // never the application's problem
        }
    }

    /** Called when a Resilience4j {@code InMemoryCircuitBreakerRegistry} is constructed (it may be twice). */
    public static void resilience4jRegistry(Object registry) {
        deliver(RESILIENCE4J, registry);
    }

    /** Micrometer's {@code Metrics} class was loaded by this loader. */
    public static void micrometer(Object loader) {
        deliver(MICROMETER, loader);
    }

    private static void deliver(String kind, Object subject) {
        try {
            BiConsumer<String, Object> h;
            synchronized (LOCK) {
                h = handler;
                if (h == null) {
                    if (pending != null) {
                        pending.add(new Object[] {kind, subject});
                    }
                    return;
                }
            }
            h.accept(kind, subject);
        } catch (Throwable ignored) {
            // the handler logs its own failures
        }
    }

    /** The agent is starting: a Spring context briefly waits for its handler. */
    public static void expect() {
        synchronized (LOCK) {
            expected = true;
        }
    }

    /**
     * The agent's handler: what arrived before is handed to it now, on this thread, in order. Null: the agent
     * does not run (its configuration is invalid): nothing waits for it and nothing is kept.
     */
    public static void setHandler(BiConsumer<String, Object> h) {
        List<Object[]> earlier;
        synchronized (LOCK) {
            handler = h;
            earlier = pending;
            pending = null;   // from now on delivered at once, or (no agent) dropped
            expected = false;
            LOCK.notifyAll();
        }
        if (h != null && earlier != null) {
            for (Object[] e : earlier) {
                try {
                    h.accept((String) e[0], e[1]);
                } catch (Throwable ignored) {
                    // the handler logs its own failures
                }
            }
        }
    }
}
