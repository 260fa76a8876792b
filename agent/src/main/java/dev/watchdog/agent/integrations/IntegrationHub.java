package dev.watchdog.agent.integrations;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Integrations;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.tinylog.TaggedLogger;

/**
 * The agent's side of the zero-code integrations: receives what the premain hooks saw ({@link Integrations}),
 * defines the matching integration in the application's loader ({@link IntegrationLoader}) when its key allows,
 * and tells the integrations of every health and breaker change. An integration that cannot attach (a version
 * it does not support, a failure) says so in one line; nothing reaches the application.
 */
public final class IntegrationHub implements BiConsumer<String, Object>, IntegrationSupport, HealthListener {

    private static final String SPRING = "dev.watchdog.integration.spring.SpringIntegration";
    private static final String MICROMETER = "dev.watchdog.integration.micrometer.MicrometerIntegration";
    private static final String RESILIENCE4J = "dev.watchdog.integration.resilience4j.Resilience4jIntegration";

    private final TaggedLogger log = AgentLog.of("integration");
    private volatile AgentConfig config;
    private volatile StatusSource status;
    private final Map<String, String> health = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public IntegrationHub(AgentConfig initial) {
        this.config = initial;
    }

    /** Receives the hooks' findings from now on (and those kept until now). */
    public void install() {
        Integrations.setHandler(this);
    }

    /** The agent's status, once it exists. */
    public void started(StatusSource source) {
        this.status = source;
        refresh();
    }

    /** A reload's configuration in force (live keys new, restart keys as at start): the integrations follow it. */
    public void reconfigured(AgentConfig inForce) {
        this.config = inForce;
        refresh();
    }

    @Override
    public void accept(String kind, Object subject) {
        AgentConfig c = config();
        switch (kind) {
            case Integrations.SPRING -> {
                if (c.springEnabled() || c.micrometerEnabled()) {
                    attach("Spring Boot", SPRING, subject.getClass().getClassLoader(), subject);
                }
            }
            case Integrations.MICROMETER -> {
                if (c.micrometerEnabled()) {
                    // told while Metrics is being defined: using it on this thread would define it a second time
                    new AgentThread(() -> attach("Micrometer", MICROMETER, (ClassLoader) subject, subject),
                            "watchdog-integration").start();
                }
            }
            case Integrations.RESILIENCE4J -> {
                if (c.resilience4jEnabled()) {
                    attach("Resilience4j", RESILIENCE4J, subject.getClass().getClassLoader(), subject);
                }
            }
            default -> { }
        }
    }

    /** Calls {@code <integration>.attach(subject, this)} in the application's loader. */
    private void attach(String library, String integration, ClassLoader application, Object subject) {
        try {
            Class<?> c = Class.forName(integration, true, IntegrationLoader.of(application));
            c.getMethod("attach", Object.class, IntegrationSupport.class).invoke(null, subject, this);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            log.warn("{} not attached: {}{}", library, cause instanceof LinkageError ? "unsupported version: " : "", cause.toString());
        } catch (Throwable e) {
            log.warn("{} not attached: {}{}", library, e instanceof LinkageError ? "unsupported version: " : "", e.toString());
        }
    }

    @Override
    public void changed(TargetConfig target, Health from, Health to, String reason) {
        health.put(target.name(), to.name());
        changed(target.name(), to.name());
    }

    @Override
    public void removed(TargetConfig target) {
        health.remove(target.name());
        refresh();
    }

    /** A breaker changed: the integrations bring their state up to date (no target's verdict changed). */
    public void refresh() {
        changed(null, null);
    }

    /** @param target the target whose verdict changed, {@code to} its new one; both null: bring everything up to date */
    private void changed(String target, String to) {
        for (ChangeListener l : listeners) {
            try {
                l.changed(target, to);
            } catch (Throwable e) {
                log.warn("an integration failed on a change: {}", e.toString());
            }
        }
    }

    @Override
    public StatusSource status() {
        return status;
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    @Override
    public String health(String target) {
        return health.getOrDefault(target, Health.UNKNOWN.name());
    }

    @Override
    public void onChange(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public void info(String message) {
        log.info("{}", message);
    }

    @Override
    public void warn(String message) {
        log.warn("{}", message);
    }
}
