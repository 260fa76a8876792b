package dev.watchdog.testapps.operate;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentCli;
import dev.watchdog.testapps.support.AgentOutput;
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
 * An operator adopts the agent on a JVM already in trouble: JdbcApp, started without the agent, is
 * mid-outage (its database refused) when {@code attach PID config=...} loads the agent. The H2
 * driver, loaded long before, is retransformed: calls fail fast at once, recover when the database
 * is back; {@code status PID} shows what the agent sees; a second attach is refused.
 */
class AttachEndToEndTest {

    private static final String REJECTION = "SQLTransientConnectionException";
    private static final List<String> KINDS = List.of("connect", "statement");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.h2();

    @Test
    void attachIntoAnOutageFailsFastThenRecoversAndRefusesASecondAttach() throws Exception {
        Path config = WatchdogConfig.fast().target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        try (ChildJvm app = ChildJvm.builder(JdbcApp.class.getName())
                .args(H2TcpServer.url(server.proxy().port(), "demo"), "sa", "", Children.PERIOD_MS, 40)
                .echo(line -> System.out.println("[JdbcApp] " + line), line -> System.out.println("[JdbcApp] stderr: " + line))
                .start()) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine("connect"), 0, FailFast.STARTUP);

            long outage = System.nanoTime();
            server.proxy().refuse();
            // without the agent: calls fail the slow way, with the driver's own error
            app.awaitLine(Stream.STDOUT, text -> text.startsWith("CALL connect FAIL") && !text.contains(CallLine.REJECTION_PREFIX),
                    outage, Duration.ofSeconds(10));

            long attaching = System.nanoTime();
            AgentCli.Result attach = AgentCli.run("attach", Long.toString(app.pid()), "config=" + config);
            assertEquals(0, attach.exit(), attach::toString);
            assertTrue(attach.stdout().contains("attached the watchdog agent to " + app.pid()), attach::toString);
            Line started = app.awaitLine(Stream.STDERR, AgentOutput.line("INFO agent started\\b.*\\battached=true\\b"),
                    attaching, Duration.ofSeconds(20));
            app.awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", server.proxy().hostPort()), attaching, FailFast.DETECTION.plusSeconds(5));
            for (String kind : KINDS) {
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, REJECTION, server.proxy().hostPort()), started.nanos(), FailFast.DETECTION);
            }
            FailFast.sleep(Duration.ofMillis(500));
            long fastFrom = System.nanoTime();
            FailFast.sleep(Duration.ofMillis(1_000));
            List<CallLine> whileDown = CallLine.all(app).stream().filter(c -> c.startNanos() >= fastFrom).toList();
            assertTrue(whileDown.size() >= 5, () -> "too few calls while down\n" + app.describe());
            for (CallLine c : whileDown) {
                assertTrue(c.isRejection(REJECTION, server.proxy().hostPort()) && c.micros() < FailFast.REJECTION_MAX_MICROS,
                        () -> "after attach every call to the DOWN database fails fast: " + c + "\n" + app.describe());
            }

            AgentCli.Result status = AgentCli.run("status", Long.toString(app.pid()));
            assertEquals(0, status.exit(), status::toString);
            assertTrue(status.stdout().startsWith("watchdog-agent "), status::toString);
            assertTrue(Pattern.compile("(?m)^HOST\\s+STATE\\s+SINCE\\s+REJECTED\\s+REASON$").matcher(status.stdout()).find(), status::toString);
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(server.proxy().hostPort()) + "\\s+OPEN\\s+\\S+\\s+[1-9]\\d*\\s").matcher(status.stdout()).find(),
                    () -> "the open breaker with its rejected calls\n" + status);
            assertTrue(Pattern.compile("(?m)^db\\s+tcp\\s+DOWN\\s").matcher(status.stdout()).find(), () -> "the DOWN target\n" + status);

            long restored = System.nanoTime();
            server.proxy().forward();
            Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", server.proxy().hostPort()), restored, FailFast.DETECTION);
            for (String kind : KINDS) {
                app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
            }

            AgentCli.Result again = AgentCli.run("attach", Long.toString(app.pid()), "config=" + config);
            assertEquals(1, again.exit(), again::toString);
            assertTrue(again.stderr().contains("already running in " + app.pid()), again::toString);
            FailFast.sleep(Duration.ofMillis(300));
            assertEquals(1, app.stderr().stream().filter(l -> AgentOutput.STARTED.matcher(l.text()).find()).count(),
                    () -> "the agent started once\n" + app.describe());
            assertTrue(app.isAlive(), app::describe);
            assertTrue(app.stderr().stream().noneMatch(l -> AgentOutput.line("(WARN|ERROR) ").matcher(l.text()).find()),
                    () -> "a clean attach logs no warning\n" + app.describe());
        }
    }
}
