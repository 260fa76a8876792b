package dev.watchdog.testapps.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.StatusEndpoint;
import dev.watchdog.testapps.support.StrictJson;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot reload in a real application: the changed file's live keys ({@code watchdog.mode},
 * {@code watchdog.log.format}) take over at once, a key read at start ({@code watchdog.status.port})
 * is reported "takes effect at restart" and the endpoint stays where it started. Every key is walked
 * in process by the agent's ReloadEveryKeyTest.
 */
class ConfigReloadEndToEndTest {

    private static final String REJECTED = "watchdog_breaker_rejected_calls_total";

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void liveKeysApplyAtOnceAndRestartKeysKeepTheirValueAtStart() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        String host = server.proxy().hostPort();
        StatusEndpoint status = StatusEndpoint.onFreePort();
        StatusEndpoint asked = StatusEndpoint.onFreePort();
        WatchdogConfig config = WatchdogConfig.fast().target("api", base + "/health")
                .set("watchdog.files.interval", "200ms")
                .set("watchdog.status.port", Integer.toString(status.port()));
        try (ChildJvm app = Children.httpApp(config.write(dir), base + "/api", 60)) {
            FailFast.awaitAgentReady(app, List.of("send"));
            long switched = System.nanoTime();
            server.proxy().refuse();
            app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", host), switched, FailFast.DETECTION);
            app.awaitLine(Stream.STDOUT, text -> CallLine.parse(new ChildJvm.Line(0, text)).filter(CallLine::isRejection)
                    .isPresent(), switched, FailFast.DETECTION);

            long changed = System.nanoTime();
            config.set("watchdog.mode", "observe").set("watchdog.log.format", "json")
                    .set("watchdog.status.port", Integer.toString(asked.port())).write(dir);
            ChildJvm.Line reloaded = app.awaitLine(Stream.STDERR,
                    text -> text.startsWith("{") && text.contains("config reloaded"), changed, Duration.ofSeconds(10));
            String message = (String) StrictJson.object(reloaded.text()).get("message");   // json from this line on
            assertTrue(message.endsWith(": applied: watchdog.log.format text->json, watchdog.mode enforce->observe; "
                    + "takes effect at restart: watchdog.status.port " + status.port() + "->" + asked.port()),
                    () -> message + "\n" + app.describe());

            FailFast.sleep(Duration.ofMillis(1_000));
            List<CallLine> observed = CallLine.all(app).stream().filter(c -> c.startNanos() > reloaded.nanos()).toList();
            assertTrue(observed.size() >= 5, () -> "too few calls after the reload\n" + app.describe());
            assertEquals(List.of(), observed.stream().filter(CallLine::isRejection).toList(),
                    () -> "observe mode applies live: the DOWN host's calls go through\n" + app.describe());
            assertTrue(status.metric(REJECTED, "host", host) >= 1, "the endpoint answers where it started");
            assertThrows(ConnectException.class, () -> asked.metric(REJECTED, "host", host),
                    "nothing listens on the port asked for until a restart");
        }
    }
}
