package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instrumentation is installed after {@code watchdog.instrument.delay} (default 2 s), not at start,
 * and at once when a breaker opens. The JVM's own class-load log tells when the install began; the
 * classes the application loaded before that (the H2 driver, its statements) are retransformed.
 */
class DeferredInstallTest {

    private static final String DELAY = "watchdog.instrument.delay";
    private static final String REJECTION = "SQLTransientConnectionException";
    private static final List<String> KINDS = List.of("connect", "statement");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.h2();

    /** Default delay: no install before 2 s of uptime; then outages are failed fast as ever. */
    @Test
    void byDefaultTheInstrumentationComesTwoSecondsAfterStart() throws Exception {
        Path config = WatchdogConfig.fast().without(DELAY).set("watchdog.log.level", "debug").target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        Path classes = dir.resolve("classes.log");
        try (ChildJvm app = jdbcApp(config, classes, 20)) {
            Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
            assertTrue(started.text().contains(" deferred=2s"), started.text());
            app.awaitLine(Stream.STDERR, AgentOutput.INSTALLED, Duration.ofSeconds(15));   // the app is quiet: soon after 2 s
            double first = installStarted(classes).orElseThrow(
                    () -> new AssertionError("the instrumentation was never installed\n" + app.describe()));
            assertTrue(first >= 2_000, "the install began " + first + " ms after the JVM started, before the 2 s delay");
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "db", REJECTION, KINDS);
            FailFast.assertCleanExit(app);
        }
    }

    /**
     * An application still loading classes after the delay (a big one starting) gets the instrumentation once its
     * class loading has settled, not while it starts; the rest of the agent's deferred work (the resource watcher's
     * thread) comes after it.
     */
    @Test
    void aStartingApplicationGetsTheInstrumentationOnceItSettled() throws Exception {
        Path config = WatchdogConfig.fast().without(DELAY).set("watchdog.log.level", "debug").set("watchdog.resources.enabled", "true")
                .target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        Path classes = dir.resolve("classes.log");
        try (ChildJvm app = Children.withAgent(StartingApp.class, config)
                .jvmOption("-Xlog:class+load=info:file=" + classes + ":uptimemillis")
                .args("6", "20").start()) {
            Line started = app.awaitLine(Stream.STDOUT, java.util.regex.Pattern.compile("^STARTED uptime=\\d+$"),
                    Duration.ofSeconds(30));
            long appStarted = Long.parseLong(started.text().substring("STARTED uptime=".length()));
            app.awaitLine(Stream.STDERR, AgentOutput.INSTALLED, Duration.ofSeconds(15));
            double install = installStarted(classes).orElseThrow();
            assertTrue(install >= appStarted, "installed at " + install + " ms, while the application was still loading"
                    + " classes (until " + appStarted + " ms)\n" + app.describe());
            assertTrue(install <= appStarted + 5_000, "installed at " + install + " ms, long after the application settled at "
                    + appStarted + " ms");
            double resources = firstLoaded(classes, "oshi.").orElseThrow(
                    () -> new AssertionError("the resource watcher never started\n" + app.describe()));
            assertTrue(resources >= install, "the resource watcher started at " + resources + " ms, before the install");
        }
    }

    /** A long delay: nothing installed while healthy; the first breaker to open installs it at once. */
    @Test
    void aBreakerOpeningInstallsAtOnce() throws Exception {
        Path config = WatchdogConfig.fast().set(DELAY, "10m").target("db", "tcp://" + server.proxy().hostPort()).write(dir);
        Path classes = dir.resolve("classes.log");
        try (ChildJvm app = jdbcApp(config, classes, 20)) {
            FailFast.awaitAgentReady(app, KINDS);
            assertTrue(installStarted(classes).isEmpty(), "installed while every breaker was closed");

            long switched = System.nanoTime();
            server.proxy().refuse();
            Line down = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", server.proxy().hostPort()),
                    switched, FailFast.DETECTION);
            // installing (ByteBuddy loads, the loaded driver classes are retransformed) takes about a second here
            for (String kind : KINDS) {
                Line rejected = app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, REJECTION, server.proxy().hostPort()),
                        down.nanos(), Duration.ofSeconds(10));
                System.out.printf("first rejected %s call %d ms after the DOWN line%n", kind,
                        Duration.ofNanos(rejected.nanos() - down.nanos()).toMillis());
            }
            assertTrue(installStarted(classes).isPresent(), "rejected without the install?");

            long restored = System.nanoTime();
            server.proxy().forward();
            Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", server.proxy().hostPort()),
                    restored, FailFast.DETECTION);
            for (String kind : KINDS) {
                app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
            }
            FailFast.assertCleanExit(app);
        }
    }

    private ChildJvm jdbcApp(Path config, Path classLog, long seconds) throws IOException {
        return Children.withAgent(JdbcApp.class, config)
                .jvmOption("-Xlog:class+load=info:file=" + classLog + ":uptimemillis")
                .args(H2TcpServer.url(server.proxy().port(), "demo"), "sa", "", Children.PERIOD_MS, seconds)
                .start();
    }

    /**
     * JVM uptime (ms) when ByteBuddy's AgentBuilder implementation was loaded, from
     * {@code [1234ms] net.bytebuddy.agent.builder.AgentBuilder$Default source: ...}: the install begins. (The
     * agent's library descriptions, created at start, load three of ByteBuddy's interfaces; the rest, about
     * 1,100 classes, comes with the install.)
     */
    private static OptionalDouble installStarted(Path classLog) throws IOException {
        return firstLoaded(classLog, "net.bytebuddy.agent.builder.AgentBuilder$Default ");
    }

    /** JVM uptime (ms) when the first class whose name starts with {@code prefix} was loaded. */
    private static OptionalDouble firstLoaded(Path classLog, String prefix) throws IOException {
        if (!Files.exists(classLog)) {
            return OptionalDouble.empty();
        }
        return Files.readAllLines(classLog).stream()
                .filter(l -> l.contains("] " + prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(1, l.indexOf("ms]"))))
                .findFirst();
    }
}
