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
 * H2 server that stops: each must fail with the agent's SQLTransientConnectionException, not H2's own
 * "Connection is broken: session closed". Two things broke it: the statement hook asked the connection's
 * metadata (a dead session may refuse), and H2's statement classes, loaded and changed by OpenTelemetry
 * before the agent installs its instrumentation, could not be retransformed (the interfaces OpenTelemetry
 * adds are not found: "cannot instrument org.h2.jdbc.JdbcStatement", at DEBUG), leaving no statement hook.
 */
class OpenTelemetryJdbcTest {

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
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "db", "SQLTransientConnectionException", List.of("connect", "statement"));
            assertTrue(app.stderr().stream().anyMatch(l -> l.text().contains("LoggingSpanExporter")),
                    () -> "no span exported by OpenTelemetry: its JDBC advice was not there\n" + app.describe());
            FailFast.assertCleanExit(app);
        }
    }
}
