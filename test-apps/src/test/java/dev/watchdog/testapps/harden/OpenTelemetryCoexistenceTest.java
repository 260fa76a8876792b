package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.HttpApp;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenTelemetry Java agent attached beside ours, in both orders of the {@code -javaagent} flags:
 * the application's HTTP calls are still traced (OpenTelemetry's logging exporter prints each span)
 * and still rejected fast by watchdog while the server is down, and recover after.
 */
class OpenTelemetryCoexistenceTest {

    /** The OpenTelemetry Java agent the build copies next to the tests. */
    static final Path OTEL = Path.of(System.getProperty("watchdog.otel.agent", "target/agents/opentelemetry-javaagent.jar"));
    private static final List<String> KINDS = List.of("send", "async", "urlconnection");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @ParameterizedTest(name = "watchdog first: {0}")
    @ValueSource(booleans = {true, false})
    void bothAgentsWork(boolean watchdogFirst) throws Exception {
        assertTrue(Files.isRegularFile(OTEL), "the build copies the OpenTelemetry agent to " + OTEL);
        String base = "http://" + server.proxy().hostPort();
        Path config = WatchdogConfig.fast().target("api", base + "/health").write(dir);
        String watchdog = "-javaagent:" + AgentOutput.jar() + "=config=" + config;
        String otel = "-javaagent:" + OTEL;
        ChildJvm.Builder builder = ChildJvm.builder(HttpApp.class.getName())
                .jvmOption("-Dotel.traces.exporter=logging")
                .jvmOption("-Dotel.metrics.exporter=none")
                .jvmOption("-Dotel.logs.exporter=none")
                .jvmOption(watchdogFirst ? watchdog : otel)
                .jvmOption(watchdogFirst ? otel : watchdog)
                .args(base + "/api", 100, 25);
        try (ChildJvm app = builder.start()) {
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "api", "ConnectException", KINDS);
            assertTrue(app.stderr().stream().anyMatch(l -> l.text().contains("LoggingSpanExporter")),
                    () -> "no span exported by OpenTelemetry\n" + app.describe());
        }
    }
}
