package dev.watchdog.agent.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.watchdog.agent.breaker.BreakerState;
import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.status.AgentInfo;
import dev.watchdog.agent.status.FileStatus;
import dev.watchdog.agent.status.ResourceStatus;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import dev.watchdog.bootstrap.Integrations;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer integration on Micrometer's global registry, as the hub attaches it when {@code Metrics} loads:
 * the agent's meters with their values, and meters following targets and hosts as they come and go.
 */
class MicrometerIntegrationTest {

    private volatile List<TargetStatus> targets = List.of(target("a", "UP", 3, 0.3));
    private volatile List<BreakerView> breakers = List.of(new BreakerView("db:5432", BreakerState.OPEN, Instant.now(), "down", 7, "", null));

    private final StatusSource source = new StatusSource() {
        public List<BreakerView> breakers() {
            return breakers;
        }

        public List<TargetStatus> targets() {
            return targets;
        }

        public ResourceStatus resources() {
            return ResourceStatus.UNKNOWN;
        }

        public List<FileStatus> files() {
            return List.of(new FileStatus("/etc/app.properties", "", null, false, 2));
        }

        public AgentInfo agent() {
            return null;
        }
    };

    private static TargetStatus target(String name, String health, long checks, double seconds) {
        return new TargetStatus(name, "tcp", "tcp://db:5432", List.of("db:5432"), health, Instant.now(), Instant.now(),
                Duration.ofMillis(12), "", 0, 1, List.of(), checks, seconds, 4);
    }

    @Test
    void theAgentsMetersFollowItsTargetsAndHosts() throws Exception {
        SimpleMeterRegistry child = new SimpleMeterRegistry();
        Metrics.addRegistry(child);
        try {
            IntegrationHub hub = new IntegrationHub(AgentConfig.defaults());
            hub.started(source);
            hub.accept(Integrations.MICROMETER, getClass().getClassLoader());   // attaches on an agent thread
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the last meter a sync registers: every meter read below is there once it is
            while (child.find("watchdog.file.missing").gauge() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1.0, child.get("watchdog.target.up").tag("target", "a").gauge().value());
            assertEquals(1.0, child.get("watchdog.breaker.open").tag("host", "db:5432").gauge().value());
            assertEquals(7.0, child.get("watchdog.breaker.rejected.calls").tag("host", "db:5432").functionCounter().count());
            FunctionTimer checks = child.get("watchdog.check.duration").tag("target", "a").functionTimer();
            assertEquals(3.0, checks.count());
            assertEquals(0.3, checks.totalTime(TimeUnit.SECONDS), 1e-9);
            assertEquals(0.012, child.get("watchdog.check.last.duration").tag("target", "a").gauge().value(), 1e-9);
            assertEquals(2.0, child.get("watchdog.file.changes").tag("path", "/etc/app.properties").functionCounter().count());

            targets = List.of(target("b", "DOWN", 1, 0.1));   // a reload replaced a by b
            breakers = List.of();
            hub.refresh();
            assertNull(child.find("watchdog.target.up").tag("target", "a").gauge());
            assertNull(child.find("watchdog.breaker.open").tag("host", "db:5432").gauge());
            assertNotNull(child.find("watchdog.target.up").tag("target", "b").gauge());
            Thread.sleep(300);   // past the snapshot's 250 ms
            assertEquals(0.0, child.get("watchdog.target.up").tag("target", "b").gauge().value());
        } finally {
            Metrics.removeRegistry(child);
        }
    }
}
