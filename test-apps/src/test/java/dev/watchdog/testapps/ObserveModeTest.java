package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.clients.HttpClientsApp;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.StatusEndpoint;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchdog.mode=observe}: the breaker opens, no call is rejected, the would-be rejections are
 * logged, and each call is counted once even though OkHttp goes on to a socket the socket-level
 * fallback also watches.
 */
class ObserveModeTest {

    private static final String METRIC = "watchdog_breaker_rejected_calls_total";
    private static final List<String> KINDS = List.of("okhttp-execute", "socket");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void nothingIsRejectedAndEveryCallIsCountedOnce() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        StatusEndpoint status = StatusEndpoint.onFreePort();
        Path config = WatchdogConfig.fast().target("api", base + "/health").set("watchdog.mode", "observe")
                .set("watchdog.status.port", Integer.toString(status.port())).write(dir);
        try (ChildJvm app = Children.withAgent(HttpClientsApp.class, config)
                .args(base + "/api", Children.PERIOD_MS, 30, String.join(",", KINDS)).start()) {
            FailFast.awaitAgentReady(app, KINDS);
            long switched = System.nanoTime();
            server.proxy().refuse();
            app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", server.proxy().hostPort()), switched, FailFast.DETECTION);
            app.awaitLine(Stream.STDERR, AgentOutput.line("WARN breaker observe host="
                    + Pattern.quote(server.proxy().hostPort()) + " would-reject count=\\d+"), switched, FailFast.DETECTION);

            status.metric(METRIC, "host", server.proxy().hostPort());   // the test's client warmed up
            long t0 = System.nanoTime();
            long before = status.metric(METRIC, "host", server.proxy().hostPort());
            long t1 = System.nanoTime();
            FailFast.sleep(Duration.ofMillis(1_500));
            long t2 = System.nanoTime();
            long after = status.metric(METRIC, "host", server.proxy().hostPort());
            long t3 = System.nanoTime();
            FailFast.sleep(Duration.ofMillis(200));   // the last calls' lines
            List<CallLine> calls = CallLine.all(app);
            long inner = calls.stream().filter(c -> c.startNanos() >= t1 && c.startNanos() <= t2).count();
            long outer = calls.stream().filter(c -> c.startNanos() >= t0 && c.startNanos() <= t3).count();
            long counted = after - before;
            System.out.printf("FIGURE observe mode: %d to %d calls counted %d times%n", inner, outer, counted);
            assertTrue(inner >= 10, "only " + inner + " calls\n" + app.describe());
            // counted twice (client level and socket level) would be about 2 * inner
            assertTrue(counted >= inner - 1 && counted <= outer + 1,
                    inner + " to " + outer + " calls were counted " + counted + " times\n" + app.describe());

            long restored = System.nanoTime();
            server.proxy().forward();
            var up = app.awaitLine(Stream.STDERR, AgentOutput.health("api", "UP", server.proxy().hostPort()), restored, FailFast.DETECTION);
            for (String kind : KINDS) {
                app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
            }
            assertTrue(CallLine.all(app).stream().noneMatch(CallLine::isRejection),
                    "observe mode rejected a call\n" + app.describe());
        }
    }
}
