package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken configuration never breaks the application: the agent says why on stderr and stays inert. */
class BrokenConfigTest {

    @TempDir
    Path dir;
    private H2TcpServer h2;

    @BeforeEach
    void server() throws Exception {
        h2 = H2TcpServer.start();
    }

    @AfterEach
    void stop() {
        h2.close();
    }

    @Test
    void invalidValueNamesTheKeyAndTheAppRunsNormally() throws Exception {
        Path config = WatchdogConfig.fast().set("watchdog.health.interval", "fast")
                .target("db", "tcp://127.0.0.1:" + h2.port()).write(dir);
        runsNormallyWithInertAgent(config, AgentOutput.configError("watchdog.health.interval"));
    }

    @Test
    void missingFileIsReportedAndTheAppRunsNormally() throws Exception {
        Path missing = dir.resolve("no-such-watchdog.properties");
        runsNormallyWithInertAgent(missing,
                AgentOutput.line("ERROR config\\b.*" + Pattern.quote(missing.getFileName().toString())));
    }

    private void runsNormallyWithInertAgent(Path config, Pattern error) throws Exception {
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(h2.port(), "demo"), 3)) {
            FailFast.assertCleanExit(app);
            app.awaitLine(Stream.STDERR, error, Duration.ZERO);
            app.awaitLine(Stream.STDERR, AgentOutput.INERT, Duration.ZERO);
            List<CallLine> calls = CallLine.all(app);
            assertTrue(calls.size() >= 10, () -> "too few calls\n" + app.describe());
            assertEquals(List.of(), calls.stream().filter(c -> !c.ok()).toList(), () -> app.describe());
            assertTrue(app.stderr().stream().noneMatch(l -> AgentOutput.STARTED.matcher(l.text()).find()),
                    () -> "an inert agent must not claim to have started\n" + app.describe());
        }
    }
}
