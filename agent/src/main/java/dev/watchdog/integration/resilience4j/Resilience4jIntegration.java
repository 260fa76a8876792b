package dev.watchdog.integration.resilience4j;

import dev.watchdog.agent.instrument.LibraryVersion;
import dev.watchdog.agent.integrations.IntegrationSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Resilience4j 2: {@code watchdog.target.<name>.resilience4j=<breaker>[,...]} holds those CircuitBreakers of the
 * application {@code FORCED_OPEN} while the target is DOWN (its calls get {@code CallNotPermittedException}, its
 * fallbacks run) and returns them to their own state machine ({@code CLOSED}) when it is UP again; only breakers the
 * agent forced are closed. Every registry constructed is seen (the premain hook), kept weakly; breakers a registry
 * creates later while their target is DOWN are forced as they appear. A name no registry has when its target goes
 * DOWN is reported once.
 */
public final class Resilience4jIntegration {

    /** One per application loader (this class is defined once per loader). */
    private static Resilience4jIntegration instance;

    private final IntegrationSupport support;
    private final Map<CircuitBreakerRegistry, Boolean> registries = new WeakHashMap<>();
    private final Set<CircuitBreaker> forced = Collections.newSetFromMap(new WeakHashMap<>());
    private final Set<String> reported = new HashSet<>();

    private Resilience4jIntegration(IntegrationSupport support) {
        this.support = support;
    }

    public static void attach(Object registry, IntegrationSupport support) {
        Resilience4jIntegration r4j;
        synchronized (Resilience4jIntegration.class) {
            if (instance == null) {
                instance = new Resilience4jIntegration(support);
                support.onChange((target, health) -> instance.apply());
                Map<String, List<String>> named = support.config().resilience4jBreakers();
                support.info("Resilience4j " + LibraryVersion.of("io.github.resilience4j.circuitbreaker.CircuitBreaker",
                        registry.getClass().getClassLoader()) + " attached: "
                        + (named.isEmpty() ? "no target names a breaker yet (watchdog.target.<name>.resilience4j)"
                        : "breakers held open while their target is DOWN: " + named));
            }
            r4j = instance;
        }
        r4j.add((CircuitBreakerRegistry) registry);
    }

    private void add(CircuitBreakerRegistry registry) {
        synchronized (this) {
            if (registries.put(registry, Boolean.TRUE) != null) {
                return;   // a constructor calling another: seen twice
            }
        }
        // told inside the registry's computeIfAbsent, before the breaker is in it: follow the breaker itself
        registry.getEventPublisher().onEntryAdded(event -> added(event.getAddedEntry()));
        apply();
    }

    /** A breaker the application created just now: forced open at once when a DOWN target names it. */
    private synchronized void added(CircuitBreaker breaker) {
        if (!support.config().enforcing()) {
            return;
        }
        support.config().resilience4jBreakers().forEach((target, names) -> {
            if (names.contains(breaker.getName()) && "DOWN".equals(support.health(target))) {
                follow(breaker, "DOWN");
            }
        });
    }

    /**
     * Brings every named breaker to its target's verdict: forced open while DOWN, closed again (if forced by us) when
     * UP. In observe mode ({@code watchdog.mode=observe}) nothing is forced: the application's calls go through.
     */
    synchronized void apply() {
        boolean enforcing = support.config().enforcing();
        Map<String, List<String>> byTarget = enforcing ? support.config().resilience4jBreakers() : Map.of();
        if (byTarget.isEmpty() && forced.isEmpty()) {
            return;
        }
        Set<String> named = new HashSet<>();
        byTarget.values().forEach(named::addAll);
        for (CircuitBreaker b : List.copyOf(forced)) {
            if (!named.contains(b.getName())) {
                follow(b, "UP");   // no target names it any more (a reload): back to its own state machine
            }
        }
        for (Map.Entry<String, List<String>> e : byTarget.entrySet()) {
            String health = support.health(e.getKey());
            for (String name : e.getValue()) {
                boolean found = false;
                for (CircuitBreakerRegistry registry : registries.keySet()) {
                    Optional<CircuitBreaker> breaker = registry.find(name);
                    if (breaker.isPresent()) {
                        found = true;
                        follow(breaker.get(), health);
                    }
                }
                if (!found && "DOWN".equals(health) && reported.add(e.getKey() + "/" + name)) {
                    support.warn("watchdog.target." + e.getKey() + ".resilience4j names CircuitBreaker " + name
                            + ", which no Resilience4j registry of the application has (yet); it is forced open once it appears");
                }
            }
        }
    }

    private void follow(CircuitBreaker breaker, String health) {
        CircuitBreaker.State state = breaker.getState();
        if ("DOWN".equals(health)) {
            if (state != CircuitBreaker.State.FORCED_OPEN) {
                breaker.transitionToForcedOpenState();
                forced.add(breaker);
                support.info("resilience4j breaker=" + breaker.getName() + " FORCED_OPEN (was " + state + ")");
            }
        } else if ("UP".equals(health) && forced.remove(breaker) && state == CircuitBreaker.State.FORCED_OPEN) {
            breaker.transitionToClosedState();
            support.info("resilience4j breaker=" + breaker.getName() + " CLOSED (its target is UP)");
        }
    }
}
