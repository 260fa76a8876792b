package dev.watchdog.agent.status;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.breaker.HostBreakers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real breakers; targets, resources and files set by the test (their packages are not wired here yet). */
public final class TestSource implements StatusSource {

    public final HostBreakers breakers = new HostBreakers();
    public volatile List<TargetStatus> targets = List.of();
    public volatile ResourceStatus resources = ResourceStatus.UNKNOWN;
    public final List<FileStatus> files = new CopyOnWriteArrayList<>();
    public final List<String> operations = new CopyOnWriteArrayList<>();
    public final Operations ops = new BreakerOperations(breakers,
            target -> { operations.add("recheck " + target); return "rechecked " + target; },
            () -> { operations.add("reload"); return "reloaded"; });

    public static TargetStatus target(String name, String health, String reason, String... hosts) {
        return new TargetStatus(name, "TCP", "tcp://" + hosts[0], List.of(hosts), health, Instant.parse("2024-05-01T10:00:00Z"),
                Instant.parse("2024-05-01T10:00:05Z"), Duration.ofMillis(12), reason, health.equals("DOWN") ? 3 : 0,
                health.equals("UP") ? 7 : 0, List.of("2024-05-01T10:00:00Z UNKNOWN -> " + health), 10, 0.125, 4);
    }

    @Override
    public List<BreakerView> breakers() {
        return breakers.snapshot();
    }

    @Override
    public List<TargetStatus> targets() {
        return targets;
    }

    @Override
    public ResourceStatus resources() {
        return resources;
    }

    @Override
    public List<FileStatus> files() {
        return files;
    }

    @Override
    public AgentInfo agent() {
        return new AgentInfo("1.2.3", "/etc/watchdog.properties", "abc123", "enforce", Instant.parse("2024-05-01T09:00:00Z"), null, "");
    }
}
