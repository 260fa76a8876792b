package dev.watchdog.testapps;

import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passive detection with no target configured (and discovery off, so no health check decides
 * anything): HttpApp's own refused connects open the host's breaker, its calls are then rejected
 * with the passive reason; once the proxy forwards again, after the delay a trial call closes it.
 */
class PassiveDetectionTest {

    private static final long DELAY_MS = 1_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void theApplicationsOwnConnectionFailuresOpenTheBreakerAndATrialClosesIt() throws Exception {
        String hostPort = server.proxy().hostPort();
        Path config = WatchdogConfig.fast()
                .set("watchdog.health.discover", "false")
                .set("watchdog.breaker.passive", "true")
                .set("watchdog.breaker.delay", DELAY_MS + "ms")
                .write(dir);
        try (ChildJvm app = Children.httpApp(config, "http://" + hostPort + "/api", 20)) {
            FailFast.awaitAgentReady(app, List.of("send", "urlconnection"));

            long refused = System.nanoTime();
            server.proxy().refuse();
            Line open = app.awaitLine(Stream.STDERR, breaker(hostPort, "OPEN",
                    "5 connection failures in 10s: [^\"]+"), refused, Duration.ofSeconds(5));
            System.out.println("passive open " + millis(open.nanos() - refused) + " ms after the proxy refused");
            for (String kind : List.of("send", "urlconnection")) {
                app.awaitLine(Stream.STDOUT, text -> CallLine.parse(new Line(0, text))
                        .filter(c -> c.kind().equals(kind) && c.isRejection("ConnectException", hostPort)
                                && c.message().contains("5 connection failures in 10s")).isPresent(),
                        open.nanos(), Duration.ofSeconds(3));
            }

            long forwarded = System.nanoTime();
            server.proxy().forward();
            Line closed = app.awaitLine(Stream.STDERR, breaker(hostPort, "CLOSED", "trial call succeeded"),
                    forwarded, Duration.ofMillis(DELAY_MS * 6 + 3_000));
            Line halfOpen = app.awaitLine(Stream.STDERR, breaker(hostPort, "HALF_OPEN", "[^\"]+"), open.nanos(),
                    Duration.ofSeconds(1));
            assertTrue(halfOpen.nanos() - open.nanos() >= DELAY_MS * 800_000L,
                    "half-open " + millis(halfOpen.nanos() - open.nanos()) + " ms after open, delay " + DELAY_MS + " ms -20%");
            System.out.println("passive close " + millis(closed.nanos() - forwarded) + " ms after the proxy forwarded");
            app.awaitLine(Stream.STDOUT, CallLine.okLine("send"), closed.nanos(), Duration.ofSeconds(3));
            FailFast.assertCleanExit(app);
        }
    }

    private static Pattern breaker(String hostPort, String state, String reasonRegex) {
        return AgentOutput.line("INFO breaker host=" + Pattern.quote(hostPort) + " state=" + state
                + " reason=\"" + reasonRegex + "\" passive=true");
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
