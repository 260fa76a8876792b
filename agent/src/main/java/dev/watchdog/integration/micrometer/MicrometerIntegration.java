package dev.watchdog.integration.micrometer;

import dev.watchdog.agent.instrument.LibraryVersion;
import dev.watchdog.agent.integrations.IntegrationSupport;
import io.micrometer.core.instrument.Metrics;

/**
 * Micrometer, once its {@code Metrics} class is loaded: the agent's metrics on {@code Metrics.globalRegistry}, which
 * passes them to every registry added to it (Spring Boot adds its own unless
 * {@code management.metrics.use-global-registry=false}: then the Spring integration registers {@link #binder} as a
 * bean instead). One binder per application loader: nothing is registered twice.
 */
public final class MicrometerIntegration {

    public static final String METER_BINDER = "io.micrometer.core.instrument.binder.MeterBinder";

    private MicrometerIntegration() {
    }

    public static void attach(Object loader, IntegrationSupport support) {
        WatchdogMeters meters = WatchdogMeters.of(support);
        meters.bindTo(Metrics.globalRegistry);
        support.info("Micrometer " + LibraryVersion.of("io.micrometer.core.instrument.Metrics", (ClassLoader) loader)
                + " attached: the agent's metrics in Metrics.globalRegistry");
    }

    /** The binder for Spring's registries (a {@code MeterBinder} bean). */
    public static Object binder(IntegrationSupport support) {
        return WatchdogMeters.of(support);
    }
}
