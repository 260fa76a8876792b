package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.clients.HttpClientsApp;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client the agent has no hook of its own for: a raw {@code new Socket}. With the socket-level fallback
 * on it is rejected while the server is down, with the agent's ConnectException; with it off the same
 * outage reaches the wire and fails with the kernel's refusal: the fallback is what protects it.
 */
class SocketFallbackTest {

    private static final List<String> KINDS = HttpClientsApp.FALLBACK_KINDS;

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void theFallbackRejectsClientsWithoutAHookOfTheirOwn() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        Path config = WatchdogConfig.fast().target("api", base + "/health").write(dir);
        try (ChildJvm app = start(config, base)) {
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "api", "ConnectException", KINDS);
            FailFast.assertCleanExit(app);
        }
    }

    @Test
    void withoutTheFallbackTheSameCallsReachTheDeadServer() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        String hostPort = server.proxy().hostPort();
        Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
        try (ChildJvm app = start(config, base)) {
            FailFast.awaitAgentReady(app, KINDS);
            long switched = System.nanoTime();
            server.proxy().refuse();
            Line down = app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", hostPort), switched, FailFast.DETECTION);
            FailFast.sleep(FailFast.HOLD);
            long until = System.nanoTime();
            for (String kind : KINDS) {
                List<CallLine> calls = whileDown(app, kind, down, until);
                assertTrue(calls.size() >= 5, "only " + calls.size() + " " + kind + " calls while the breaker was open\n" + app.describe());
                for (CallLine c : calls) {
                    if (c.ok() || c.message().contains(CallLine.REJECTION_PREFIX)) {
                        fail("with the fallback off, a call to the dead server must fail on its own, not "
                                + (c.ok() ? "succeed" : "be rejected by the agent") + ": " + c + "\n" + app.describe());
                    }
                }
            }
            server.proxy().forward();
            FailFast.assertCleanExit(app);
        }
    }

    /** The calls of {@code kind} begun after the DOWN line (and a margin) and ended by {@code until}. */
    private static List<CallLine> whileDown(ChildJvm app, String kind, Line down, long until) {
        return CallLine.all(app).stream()
                .filter(c -> c.kind().equals(kind) && c.startNanos() >= down.nanos() + FailFast.MARGIN_NANOS && c.endNanos() <= until)
                .toList();
    }

    private static ChildJvm start(Path config, String base) throws Exception {
        return Children.withAgent(HttpClientsApp.class, config)
                .args(base + "/api", Children.PERIOD_MS, 12, String.join(",", KINDS)).start();
    }
}
