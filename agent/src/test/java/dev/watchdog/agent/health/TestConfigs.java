package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Configurations for the health tests, built by the real loader. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A configuration as the loader builds it from these properties lines, written to {@code dir}/watchdog.properties. */
    static AgentConfig of(Path dir, String... lines) throws IOException {
        Path file = Files.writeString(dir.resolve("watchdog.properties"), String.join("\n", lines), StandardCharsets.UTF_8);
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        ConfigResult r = ConfigLoader.load(file, null, Map.of(), sys);
        assertTrue(r.ok(), r.errors().toString());
        return r.config();
    }
}
