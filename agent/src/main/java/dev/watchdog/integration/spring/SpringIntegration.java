package dev.watchdog.integration.spring;

import dev.watchdog.agent.integrations.IntegrationSupport;
import dev.watchdog.agent.instrument.LibraryVersion;
import dev.watchdog.integration.micrometer.MicrometerIntegration;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot 3 and 4, at {@code SpringApplication.refreshContext} entry (before the refresh, so that health groups
 * naming {@code watchdog} pass Boot's start-up validation): registers the {@code watchdog} health contributor of the
 * Boot generation whose health API the context's loader has, adds it to the readiness group when
 * {@code watchdog.spring.readiness} asks, and, when Boot keeps its registries off Micrometer's global one, a
 * {@code MeterBinder} bean with the agent's metrics. Defined in the application's loader (IntegrationLoader).
 */
public final class SpringIntegration {

    /** Boot names the component after the bean, less the "HealthContributor" suffix: {@code watchdog}. */
    static final String CONTRIBUTOR_BEAN = "watchdogHealthContributor";
    static final String COMPONENT = "watchdog";
    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";
    private static final String BOOT4_HEALTH = "org.springframework.boot.health.contributor.HealthContributor";
    private static final String BOOT3_HEALTH = "org.springframework.boot.actuate.health.HealthContributor";
    private static final String USE_GLOBAL_REGISTRY = "management.metrics.use-global-registry";

    private SpringIntegration() {
    }

    public static void attach(Object context, IntegrationSupport support) {
        ConfigurableApplicationContext ctx = (ConfigurableApplicationContext) context;
        ClassLoader loader = ctx.getClass().getClassLoader();
        if (ctx.getBeanFactory().containsSingleton(CONTRIBUTOR_BEAN)) {
            return;   // refreshed again (a restart of the context)
        }
        String version = LibraryVersion.of("org.springframework.boot.SpringApplication", loader);
        StringBuilder attached = new StringBuilder();
        if (support.config().springEnabled()) {
            Object contributor = present(BOOT4_HEALTH, loader) ? Boot4Health.contributor(support)
                    : present(BOOT3_HEALTH, loader) ? Boot3Health.contributor(support) : null;
            if (contributor != null) {
                ctx.getBeanFactory().registerSingleton(CONTRIBUTOR_BEAN, contributor);
                attached.append("health component ").append(COMPONENT);
                if (support.config().springReadiness()) {
                    includeInReadiness(ctx.getEnvironment());
                    attached.append(" (in the readiness group)");
                }
            }
        }
        if (support.config().micrometerEnabled() && present(MicrometerIntegration.METER_BINDER, loader)
                && "false".equalsIgnoreCase(String.valueOf(ctx.getEnvironment().getProperty(USE_GLOBAL_REGISTRY)).strip())) {
            // Boot binds its registries to Metrics.globalRegistry by default, where the Micrometer integration is
            ctx.getBeanFactory().registerSingleton("watchdogMeterBinder", MicrometerIntegration.binder(support));
            attached.append(attached.length() == 0 ? "" : ", ").append("metrics in the application's registries");
        }
        if (attached.length() > 0) {
            support.info("Spring Boot " + version + " attached: " + attached);
        }
    }

    /** Adds {@code watchdog} to the readiness group, keeping what the application already includes. */
    private static void includeInReadiness(ConfigurableEnvironment env) {
        String existing = env.getProperty(READINESS_INCLUDE);
        String include = existing == null || existing.isBlank() ? "readinessState," + COMPONENT : existing + "," + COMPONENT;
        env.getPropertySources().addFirst(new MapPropertySource("watchdog", Map.of(READINESS_INCLUDE, include)));
    }

    static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
