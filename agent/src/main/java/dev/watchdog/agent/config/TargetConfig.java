package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.List;

public record TargetConfig(String name, CheckKind kind, String check, List<String> hosts,
                           Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
                           String user, String password) {
    public String safeCheck() {
        return check;
    }
}
