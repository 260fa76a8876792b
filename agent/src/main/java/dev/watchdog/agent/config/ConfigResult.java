package dev.watchdog.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What loading produced.
 *
 * @param config the configuration, null when there is any error
 * @param path the file read, null when none
 */
public record ConfigResult(AgentConfig config, List<ConfigProblem> errors, List<ConfigProblem> warnings, Path path) {

    public ConfigResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
