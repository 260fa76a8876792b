package dev.watchdog.integration.spring;

import dev.watchdog.agent.integrations.IntegrationSupport;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

/** Spring Boot 3's {@code watchdog} composite: one indicator per target, read live (targets come and go on reload). */
final class Boot3Health implements CompositeHealthContributor {

    private final IntegrationSupport support;

    private Boot3Health(IntegrationSupport support) {
        this.support = support;
    }

    static Object contributor(IntegrationSupport support) {
        return new Boot3Health(support);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return TargetHealth.exists(support.status(), name) ? indicator(name) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return TargetHealth.names(support.status()).stream()
                .map(n -> NamedContributor.<HealthContributor>of(n, indicator(n))).iterator();
    }

    private HealthIndicator indicator(String name) {
        return () -> {
            TargetHealth t = TargetHealth.now(support.status(), name);
            return Health.status(new Status(t.status())).withDetails(t.details()).build();
        };
    }
}
