package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

public record AgentConfig(Duration healthInterval, Duration healthTimeout, int unhealthyThreshold, int healthyThreshold,
                          boolean jdbcEnabled, boolean httpEnabled, String logLevel, String logFile,
                          List<TargetConfig> targets, Map<String, String> raw) {
}
