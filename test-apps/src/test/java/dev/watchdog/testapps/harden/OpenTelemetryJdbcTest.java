package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java agent attached before ours, JdbcApp's statements on connections it holds to an
 * H2 server that stops: OpenTelemetry's JDBC advice asks the connection things of its own first, and a
 * dead H2 session answers those with its own "Connection is broken: session closed". The agent must still
 * reject the statement with its SQLTransientConnectionException: it knows the connection's host from when
 * the connection was opened and asks the driver nothing.
 */
class OpenTelemetryJdbcTest {

    private static final String REJECTION = "SQLTransientConnectionException";
    private static final List<String> KINDS = List.of("connect", "statement");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.h2();

    @Test
    void statementsOnHeldConnectionsAreRejectedWithOpenTelemetryFirst() throws Exception {
        assertTrue(Files.isRegularFile(OpenTelemetryCoexistenceTest.OTEL),
                "the build copies the OpenTelemetry agent to " + OpenTelemetryCoexistenceTest.OTEL);
        Path config = WatchdogConfig.fast().target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        ChildJvm.Builder builder = Children.withAgent(JdbcApp.class, config)   // jvm options come before the agent's flag
                .jvmOption("-javaagent:" + OpenTelemetryCoexistenceTest.OTEL)
                .jvmOption("-Dotel.traces.exporter=logging")
                .jvmOption("-Dotel.metrics.exporter=none")
                .jvmOption("-Dotel.logs.exporter=none")
                .args(H2TcpServer.url(server.proxy().port(), "demo"), "sa", "", Children.PERIOD_MS, 14);
        try (ChildJvm app = builder.start()) {
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "db", REJECTION, KINDS);
            assertTrue(app.stderr().stream().anyMatch(l -> l.text().contains("LoggingSpanExporter")),
                    () -> "no span exported by OpenTelemetry: its JDBC advice was not there\n" + app.describe());
            FailFast.assertCleanExit(app);
        }
    }
}
