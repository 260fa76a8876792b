package dev.watchdog.agent.status;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.config.TargetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The status of the running agent from what exists today: real breakers, each target's verdict.
 * Check timings, transitions, resources and files join when their packages offer snapshots.
 */
public final class LiveStatus implements StatusSource {

    private final HostBreakers breakers;
    private final List<TargetConfig> targets;
    private final Function<String, String> health;
    private final AgentInfo agent;

    /** @param health target name -> UNKNOWN, UP or DOWN */
    public LiveStatus(HostBreakers breakers, List<TargetConfig> targets, Function<String, String> health, AgentInfo agent) {
        this.breakers = breakers;
        this.targets = List.copyOf(targets);
        this.health = health;
        this.agent = agent;
    }

    @Override
    public List<BreakerView> breakers() {
        return breakers.snapshot();
    }

    @Override
    public List<TargetStatus> targets() {
        return targets.stream().map(t -> new TargetStatus(t.name(), t.kind().name(), t.safeCheck(), t.hosts(),
                health.apply(t.name()), null, null, null, "", 0, 0, List.of(), 0, 0)).toList();
    }

    @Override
    public ResourceStatus resources() {
        return ResourceStatus.UNKNOWN;
    }

    @Override
    public List<FileStatus> files() {
        return List.of();
    }

    @Override
    public AgentInfo agent() {
        return agent;
    }

    /** SHA-256 hex of the file, empty when there is none or it cannot be read. */
    public static String sha256(Path file) {
        if (file == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            return "";
        }
    }
}
