package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependency whose host name does not resolve (the reserved {@code .invalid} TLD, RFC 2606): the
 * agent's check fails at the lookup, the target goes DOWN once with a reason naming the host, and the
 * application's calls to that host:port are rejected by the agent, fast, with no log spam after.
 */
class DnsFailureTest {

    /** Any port: the name never resolves. */
    private static final int PORT = 9092;
    /** How long the steady DOWN state is watched: several health intervals. */
    private static final Duration HOLD = Duration.ofMillis(6 * WatchdogConfig.INTERVAL_MS);
    /** Lines arrive a little after the call ended; calls begun this soon after the DOWN line are not judged. */
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at \\S+\\(|^Caused by: |^Exception in thread ");

    @TempDir
    Path dir;

    @Test
    void unresolvableDatabaseIsDownAndItsCallsAreRejected() throws Exception {
        String hostPort = "db.invalid:" + PORT;
        Path config = WatchdogConfig.fast().target("db", "jdbc:h2:tcp://" + hostPort + "/mem:health").write(dir);
        try (ChildJvm app = Children.jdbcApp(config, "jdbc:h2:tcp://" + hostPort + "/mem:demo", 8)) {
            walk(app, "db", "db.invalid", hostPort, "SQLTransientConnectionException", List.of("connect", "statement"));
        }
    }

    @Test
    void unresolvableHttpServiceIsDownAndItsCallsAreRejected() throws Exception {
        String hostPort = "api.invalid:" + PORT;
        Path config = WatchdogConfig.fast().target("api", "http://" + hostPort + "/health").write(dir);
        try (ChildJvm app = Children.httpApp(config, "http://" + hostPort + "/api", 8)) {
            walk(app, "api", "api.invalid", hostPort, "ConnectException", List.of("send", "async", "urlconnection"));
        }
    }

    private static void walk(ChildJvm app, String target, String host, String hostPort, String exception,
                             List<String> kinds) throws InterruptedException {
        Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
        // The very first check (a cold JVM's) finds the name unresolvable: no UP before, DOWN at once; the
        // lookup fails in milliseconds, so the DOWN line may even come before the started line.
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), FailFast.STARTUP);
        System.out.printf("%s: DOWN %d ms after the agent started: %s%n", target, millis(down.nanos() - started.nanos()), down.text());
        // The reason is quoted; quotes of its own (H2 quotes its cause) are escaped as \": up to the last quote.
        Matcher reason = Pattern.compile("\\breason=\"(.*)\"").matcher(down.text());
        assertTrue(reason.find() && reason.group(1).contains(host),
                () -> "the DOWN line's reason does not name " + host + ": " + down.text());
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, exception, hostPort), down.nanos(), FailFast.DETECTION);
        }
        FailFast.sleep(HOLD);
        long until = System.nanoTime();

        List<CallLine> whileDown = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= down.nanos() + MARGIN_NANOS && c.endNanos() <= until)
                .toList();
        for (String kind : kinds) {
            long n = whileDown.stream().filter(c -> c.kind().equals(kind)).count();
            assertTrue(n >= 5, "only " + n + " " + kind + " calls while " + hostPort + " was DOWN\n" + app.describe());
        }
        long slowest = 0;
        for (CallLine c : whileDown) {
            if (!c.isRejection(exception, hostPort)) {
                fail("a call begun while " + hostPort + " was DOWN was not rejected by the agent: " + c + "\n" + app.describe());
            }
            if (c.micros() >= FailFast.REJECTION_MAX_MICROS) {
                fail("rejected call took " + c.micros() + " us: " + c + "\n" + app.describe());
            }
            slowest = Math.max(slowest, c.micros());
        }
        System.out.printf("%s: %d calls rejected while DOWN, slowest %d us%n", target, whileDown.size(), slowest);

        // One DOWN line, then quiet: no repeated health lines, no warnings, no stack traces per interval.
        List<String> agentLines = app.stderr().stream().map(Line::text).filter(AgentOutput.ANY_AGENT_LINE.asPredicate()).toList();
        List<String> healthLines = agentLines.stream().filter(AgentOutput.line("[A-Z]+ health .*\\btarget=" + target + "\\b").asPredicate()).toList();
        assertEquals(1, healthLines.size(), () -> "health lines for " + target + ": " + healthLines + "\n" + app.describe());
        List<String> loud = agentLines.stream().filter(AgentOutput.line("(WARN|ERROR) ").asPredicate()).toList();
        assertTrue(loud.isEmpty(), () -> "agent warnings/errors: " + loud + "\n" + app.describe());
        List<String> frames = app.stderr().stream().map(Line::text).filter(STACK_FRAME.asPredicate()).toList();
        assertTrue(frames.isEmpty(), () -> "stack trace lines on stderr: " + frames + "\n" + app.describe());
        FailFast.assertCleanExit(app);
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
