package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While a configured target is down, calls to a host no target covers (same address, other port) go through untouched. */
class UncoveredHostTest {

    @TempDir
    Path dir;

    @Test
    void uncoveredServerKeepsWorkingWhileConfiguredOneIsDown() throws Exception {
        try (SwitchableHttpServer covered = SwitchableHttpServer.start(); TcpProxy coveredProxy = new TcpProxy(covered.port());
             SwitchableHttpServer other = SwitchableHttpServer.start(); TcpProxy otherProxy = new TcpProxy(other.port())) {
            Path config = WatchdogConfig.fast().target("api", "http://" + coveredProxy.hostPort() + "/health").write(dir);
            try (ChildJvm app = Children.httpApp(config, "http://" + otherProxy.hostPort() + "/api", 10)) {
                FailFast.awaitAgentReady(app, List.of("send", "async", "urlconnection"));

                long switched = System.nanoTime();
                coveredProxy.refuse();
                app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", coveredProxy.hostPort()), switched, FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(1_500));

                FailFast.assertCleanExit(app);
                List<CallLine> calls = CallLine.all(app);
                List<CallLine> whileDown = calls.stream().filter(c -> c.startNanos() > switched).toList();
                assertTrue(whileDown.size() >= 15, () -> "too few calls while the other target was down\n" + app.describe());
                assertEquals(List.of(), calls.stream().filter(c -> !c.ok()).toList(), () -> app.describe());
            }
        }
    }
}
