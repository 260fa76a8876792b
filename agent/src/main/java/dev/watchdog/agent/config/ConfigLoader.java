package dev.watchdog.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finds, reads, merges and validates the configuration. Never throws and never exits: the agent
 * must not take the application down because of its own configuration.
 *
 * <p>The file: agent argument {@code config=PATH}, else system property {@code watchdog.config},
 * else env {@code WATCHDOG_CONFIG}, else {@code ./watchdog.properties} when it exists, else none.
 * Relative paths resolve against the {@code user.dir} of the given system properties.
 * Precedence per key: agent argument > system property > environment > file > default.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Locate (agent args, system property, env, ./watchdog.properties), read, merge, validate. Never throws. */
    public static ConfigResult load(String agentArgs, Map<String, String> env, Properties systemProperties) {
        Problems problems = new Problems();
        try {
            AgentArgs.Parsed args = AgentArgs.parse(agentArgs, problems);
            Location location = locate(args.configPath(), env, systemProperties, problems);
            if (location == null) {
                return result(null, problems, null);
            }
            return load(location, args, env, systemProperties, problems);
        } catch (Throwable t) {
            problems.unexpected(ConfigKeys.CONFIG, "", "loading the configuration", t);
            return result(null, problems, null);
        }
    }

    /** Re-read a known file (hot reload later) with the same overrides. Never throws. */
    public static ConfigResult load(Path file, String agentArgs, Map<String, String> env, Properties systemProperties) {
        Problems problems = new Problems();
        try {
            AgentArgs.Parsed args = AgentArgs.parse(agentArgs, problems);
            if (file == null) {
                problems.error(ConfigKeys.CONFIG, "", "no config file given");
                return result(null, problems, null);
            }
            Path path = baseDir(systemProperties).resolve(file).normalize();
            return load(new Location(path, ConfigKeys.CONFIG, ""), args, env, systemProperties, problems);
        } catch (Throwable t) {
            problems.unexpected(ConfigKeys.CONFIG, "", "loading the configuration from " + file, t);
            return result(null, problems, file);
        }
    }

    /** Where the file is and how the user named it; {@code path} null means no file. */
    private record Location(Path path, String key, String where) {
    }

    private static ConfigResult load(Location location, AgentArgs.Parsed args, Map<String, String> env,
                                     Properties systemProperties, Problems problems) {
        List<Setting> fileSettings = List.of();
        if (location.path() != null) {
            fileSettings = PropertiesFile.read(location.path(), location.key(), location.where(), problems);
            if (fileSettings == null) {
                return result(null, problems, location.path());
            }
        }
        List<Setting> sysprops = Overrides.fromSystemProperties(systemProperties);
        List<Setting> named = new ArrayList<>(fileSettings);
        named.addAll(sysprops);
        named.addAll(args.settings());
        Collection<String> targetNames = ConfigValidator.targetNames(named);
        List<Setting> envSettings = Overrides.fromEnvironment(env, targetNames, problems);

        // later sources win
        Map<String, Setting> merged = new LinkedHashMap<>();
        for (List<Setting> source : List.of(fileSettings, envSettings, sysprops, args.settings())) {
            source.forEach(s -> merged.put(s.key(), s));
        }
        AgentConfig config = ConfigValidator.validate(merged.values(), env == null ? Map.of() : env, problems);
        return result(config, problems, location.path());
    }

    private static Location locate(String argPath, Map<String, String> env, Properties sysprops, Problems problems) {
        String sysprop = sysprops == null ? null : sysprops.getProperty(ConfigKeys.CONFIG);
        String envPath = env == null ? null : env.get(Overrides.ENV_CONFIG);
        Location named = argPath != null ? new Location(null, "config", AgentArgs.WHERE)
                : sysprop != null ? new Location(null, ConfigKeys.CONFIG, Overrides.SYSTEM_PROPERTY)
                : envPath != null ? new Location(null, ConfigKeys.CONFIG, Overrides.where(Overrides.ENV_CONFIG))
                : null;
        Path base = baseDir(sysprops);
        if (named == null) {
            Path fallback = base.resolve("watchdog.properties");
            return new Location(java.nio.file.Files.isRegularFile(fallback) ? fallback : null, ConfigKeys.CONFIG, "");
        }
        String text = argPath != null ? argPath : sysprop != null ? sysprop : envPath;
        if (text.isBlank()) {
            problems.error(named.key(), named.where(), "is empty; expected the path of a properties file");
            return null;
        }
        try {
            return new Location(base.resolve(text.strip()).normalize(), named.key(), named.where());
        } catch (java.nio.file.InvalidPathException e) {
            problems.error(named.key(), named.where(), "\"" + text + "\" is not a valid path: " + e.getReason());
            return null;
        }
    }

    /** The working directory as the given system properties see it, so tests need not change the real one. */
    private static Path baseDir(Properties sysprops) {
        String dir = sysprops == null ? null : sysprops.getProperty("user.dir");
        return dir == null ? Path.of("").toAbsolutePath() : Path.of(dir);
    }

    private static ConfigResult result(AgentConfig config, Problems problems, Path path) {
        return new ConfigResult(problems.errors.isEmpty() ? config : null, problems.errors, problems.warnings, path);
    }
}
