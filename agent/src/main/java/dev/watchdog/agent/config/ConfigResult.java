package dev.watchdog.agent.config;

import java.nio.file.Path;
import java.util.List;

public record ConfigResult(AgentConfig config, List<ConfigProblem> errors, List<ConfigProblem> warnings, Path path) {
    public boolean ok() {
        return config != null;
    }
}
