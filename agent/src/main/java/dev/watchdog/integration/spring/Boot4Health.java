package dev.watchdog.integration.spring;

import dev.watchdog.agent.integrations.IntegrationSupport;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** Spring Boot 4's {@code watchdog} composite: one indicator per target, read live (targets come and go on reload). */
final class Boot4Health implements CompositeHealthContributor {

    private final IntegrationSupport support;

    private Boot4Health(IntegrationSupport support) {
        this.support = support;
    }

    static Object contributor(IntegrationSupport support) {
        return new Boot4Health(support);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return TargetHealth.exists(support.status(), name) ? indicator(name) : null;
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return TargetHealth.names(support.status()).stream().map(n -> new HealthContributors.Entry(n, indicator(n)));
    }

    private HealthIndicator indicator(String name) {
        return () -> {
            TargetHealth t = TargetHealth.now(support.status(), name);
            return Health.status(new Status(t.status())).withDetails(t.details()).build();
        };
    }
}
