package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent is quiet and never holds the application up: one stderr line on a healthy start, a normal exit. */
class CleanStartTest {

    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path dir;

    static Stream<Path> jdks() {
        return Stream.of(Path.of(System.getProperty("java.home")), TEMURIN_25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void healthyStartPrintsOnlyTheStartedLine(Path javaHome) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(javaHome), () -> "JDK " + javaHome + " is not installed here; cell skipped");
        try (H2TcpServer h2 = H2TcpServer.start(); TcpProxy proxy = new TcpProxy(h2.port())) {
            Path config = WatchdogConfig.fast().target("db", "tcp://" + proxy.hostPort()).write(dir);
            ChildJvm.Builder builder = Children.withAgent(JdbcApp.class, config).javaHome(javaHome)
                    .args(H2TcpServer.url(proxy.port(), "demo"), "sa", "", Children.PERIOD_MS, 6);
            try (ChildJvm app = builder.start()) {
                FailFast.assertCleanExit(app);
                List<Line> stderr = app.stderr();
                assertEquals(1, stderr.size(), () -> "stderr must hold the started line only\n" + app.describe());
                String started = stderr.get(0).text();
                assertTrue(AgentOutput.STARTED.matcher(started).find(), started);
                assertTrue(started.contains(" config=" + config.toAbsolutePath()), started);
                assertTrue(Pattern.compile("\\bhosts=\\[[^\\]]*" + Pattern.quote(proxy.hostPort())).matcher(started).find(), started);
                assertTrue(CallLine.all(app).stream().allMatch(CallLine::ok), () -> app.describe());
            }
        }
    }

    /** Health checks stuck on a blackholed target run on daemon threads: main returning ends the JVM. */
    @Test
    void appExitsNormallyWhileTargetChecksHang() throws Exception {
        try (H2TcpServer h2 = H2TcpServer.start(); TcpProxy proxy = new TcpProxy(h2.port())) {
            Path config = WatchdogConfig.fast().target("db", H2TcpServer.url(proxy.port(), "health")).write(dir);
            // the application talks to the server directly: only the agent's checks hang
            try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(h2.port(), "demo"), 9)) {
                FailFast.awaitAgentReady(app, List.of("connect", "statement"));
                long switched = System.nanoTime();
                proxy.blackhole();
                app.awaitLine(ChildJvm.Stream.STDERR, AgentOutput.health("db", "DOWN", proxy.hostPort()), switched, FailFast.DETECTION);
                app.awaitLine(ChildJvm.Stream.STDOUT, Pattern.compile("^DONE$"), Duration.ofSeconds(15));
                assertEquals(0, app.awaitExit(Duration.ofSeconds(5)), () -> "exit code\n" + app.describe());
            }
        }
    }
}
