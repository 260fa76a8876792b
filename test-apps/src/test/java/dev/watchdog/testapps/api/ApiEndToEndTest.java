package dev.watchdog.testapps.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentCli;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional Java API in a plain application ({@link ApiApp}): a no-op without the agent; with it (at start, or
 * attached later) the application's listeners get health and file events in order on the agent's threads (a second
 * copy of the API in a web-container-style child-first loader too), a throwing
 * and a sleeping listener change nothing for the others nor for the breaker, and a check written in code flips a target.
 */
class ApiEndToEndTest {

    private static final Pattern HEALTH = Pattern.compile("^HEALTH (\\d+) (\\S+) (UP|DOWN) thread=(\\S+) reason=(.*)$");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    private Path watched;
    private Path flag;

    private ChildJvm.Builder app(boolean agent, Path config, long maxSeconds) throws Exception {
        watched = Files.writeString(dir.resolve("app.yaml"), "version: 0\n");
        flag = Files.writeString(dir.resolve("flag"), "up");
        ChildJvm.Builder b = agent ? Children.withAgent(ApiApp.class, config)
                : ChildJvm.builder(ApiApp.class.getName()).echo(l -> System.out.println("[ApiApp] " + l),
                        l -> System.out.println("[ApiApp] stderr: " + l));
        return b.args(server.proxy().hostPort(), watched, flag, Children.PERIOD_MS, maxSeconds);
    }

    private Path config() throws Exception {
        return config(WatchdogConfig.fast());
    }

    private Path config(WatchdogConfig base) throws Exception {
        return base.target("db", "tcp://" + server.proxy().hostPort()).set("watchdog.files.interval", "200ms").write(dir);
    }

    /** The host's memory in use is always over 1 %: an overload from the first sample; at 100 % it ends. */
    private Path configWithMemoryThreshold(int percent) throws Exception {
        return config(WatchdogConfig.fast().set("watchdog.resources.memory-threshold", Integer.toString(percent))
                .set("watchdog.resources.sustain", "1").set("watchdog.resources.interval", "500ms"));
    }

    @Test
    void withoutTheAgentEveryCallIsANoOp() throws Exception {
        try (ChildJvm app = app(false, null, 1).start()) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(20)), app::describe);
            List<String> out = app.stdout().stream().map(Line::text).toList();
            for (String expected : List.of("REGISTERED attached=false", "ATTACHED false", "ISUP db true", "ISUP flag true",
                    "BREAKER CLOSED", "WEBAPP registered loader=webapp", "COUNTS good=0 thrower=0 sleeper=0 files=0", "DONE")) {
                assertTrue(out.contains(expected), () -> expected + "\n" + app.describe());
            }
            assertTrue(out.stream().noneMatch(l -> l.startsWith("HEALTH") || l.startsWith("WEBAPP HEALTH") || l.startsWith("FILE")),
                app::describe);
            assertTrue(app.stderr().isEmpty(), app::describe);
        }
    }

    /**
     * With the agent: the configured target's outage and return reach the well-behaved listener at once, in order, on
     * a watchdog thread, while a throwing and a sleeping listener are reported once each and calls are still rejected
     * at once; the check in code flips with its flag file; a write to the file added by watchFile is reported.
     */
    @Test
    void withTheAgentEventsArriveInOrderOnAgentThreadsWhateverOtherListenersDo() throws Exception {
        try (ChildJvm app = app(true, configWithMemoryThreshold(1), 60).start()) {
            app.awaitLine(Stream.STDERR, AgentOutput.STARTED, 0, FailFast.STARTUP);
            app.awaitLine(Stream.STDOUT, "ATTACHED true"::equals, 0, FailFast.STARTUP);
            outageAndReturn(app);
            checkInCode(app);
            // the check in code is a target like the configured ones on the agent's status surfaces
            AgentCli.Result status = AgentCli.run("status", Long.toString(app.pid()));
            assertEquals(0, status.exit(), status::toString);
            assertTrue(Pattern.compile("(?m)^flag\\s+code\\s+UP\\s").matcher(status.stdout()).find(), status::toString);
            assertTrue(Pattern.compile("(?m)^db\\s+tcp\\s+UP\\s").matcher(status.stdout()).find(), status::toString);
            fileChange(app);
            overload(app);
            assertReportedOnce(app, "ApiApp\\$Thrower \\(health\\) threw java.lang.IllegalStateException");
            assertReportedOnce(app, "ApiApp\\$Sleeper \\(health\\) took longer than watchdog.api.listener-budget=1s");
        }
    }

    /** Registrations made before the agent is attached start receiving events once it is. */
    @Test
    void registrationsMadeBeforeTheAgentIsAttachedReceiveEvents() throws Exception {
        try (ChildJvm app = app(false, null, 60).start()) {
            app.awaitLine(Stream.STDOUT, "REGISTERED attached=false"::equals, 0, FailFast.STARTUP);
            long attaching = System.nanoTime();
            AgentCli.Result attach = AgentCli.run("attach", Long.toString(app.pid()), "config=" + config());
            assertEquals(0, attach.exit(), attach::toString);
            app.awaitLine(Stream.STDOUT, "ATTACHED true"::equals, attaching, FailFast.STARTUP);
            outageAndReturn(app);
            fileChange(app);
        }
    }

    /** db goes DOWN, then UP: the listener's line follows the agent's own at once, in order; calls are rejected at once. */
    private void outageAndReturn(ChildJvm app) throws Exception {
        String hostPort = server.proxy().hostPort();
        FailFast.sleep(Duration.ofMillis(WatchdogConfig.INTERVAL_MS + WatchdogConfig.TIMEOUT_MS));   // db's first verdict
        long refused = System.nanoTime();
        server.proxy().refuse();
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", hostPort), refused, FailFast.DETECTION);
        Line heardDown = app.awaitLine(Stream.STDOUT, health("db", "DOWN"), refused, FailFast.DETECTION);
        assertOnTime(app, down, heardDown);
        // the web application's own copy of the API, in its child-first loader, hears it too
        assertOnTime(app, down, app.awaitLine(Stream.STDOUT, webapp("db", "DOWN"), refused, FailFast.DETECTION));
        Line rejected = app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("socket", "ConnectException", hostPort),
                down.nanos(), FailFast.DETECTION);
        app.awaitLine(Stream.STDOUT, "BREAKER OPEN"::equals, refused, FailFast.DETECTION);
        app.awaitLine(Stream.STDOUT, "ISUP db false"::equals, refused, FailFast.DETECTION);
        FailFast.sleep(FailFast.HOLD);   // the sleeping listener is still busy with the DOWN event meanwhile
        long restored = System.nanoTime();
        FailFast.assertRejectedWhileDown(app, rejected.nanos(), restored, "ConnectException", hostPort, List.of("socket"));

        server.proxy().forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("db", "UP", hostPort), restored, FailFast.DETECTION);
        Line heardUp = app.awaitLine(Stream.STDOUT, health("db", "UP"), restored, FailFast.DETECTION);
        assertOnTime(app, up, heardUp);
        assertOnTime(app, up, app.awaitLine(Stream.STDOUT, webapp("db", "UP"), restored, FailFast.DETECTION));
        app.awaitLine(Stream.STDOUT, CallLine.okLine("socket"), up.nanos(), FailFast.RECOVERY);

        List<Matcher> dbEvents = app.stdout().stream().filter(l -> l.nanos() >= refused).map(l -> HEALTH.matcher(l.text()))
                .filter(m -> m.matches() && m.group(2).equals("db")).toList();
        assertEquals(List.of("DOWN", "UP"), dbEvents.stream().map(m -> m.group(3)).toList(), app::describe);
        assertTrue(Integer.parseInt(dbEvents.get(0).group(1)) < Integer.parseInt(dbEvents.get(1).group(1)), app::describe);
        for (Matcher m : dbEvents) {
            assertTrue(m.group(4).startsWith("watchdog-listener-"), () -> "on the agent's thread: " + m.group() + "\n" + app.describe());
        }
    }

    /** The check registered in code fails while its flag file is gone: DOWN with its reason, UP again. */
    private void checkInCode(ChildJvm app) throws Exception {
        long removed = System.nanoTime();
        Files.delete(flag);
        Line down = app.awaitLine(Stream.STDOUT, health("flag", "DOWN"), removed, FailFast.DETECTION);
        assertTrue(down.text().endsWith("reason=check returned false"), down::text);
        app.awaitLine(Stream.STDOUT, "ISUP flag false"::equals, removed, FailFast.DETECTION);
        long back = System.nanoTime();
        Files.writeString(flag, "up");
        app.awaitLine(Stream.STDOUT, health("flag", "UP"), back, FailFast.DETECTION);
        app.awaitLine(Stream.STDOUT, "ISUP flag true"::equals, back, FailFast.DETECTION);
    }

    /**
     * The memory overload the configuration asks for (threshold 1 %) reaches the overload listener on an agent thread,
     * with the limit it is measured against; raising the threshold to 100 % by a live reload ends it.
     */
    private void overload(ChildJvm app) throws Exception {
        Line started = app.awaitLine(Stream.STDOUT, text -> text.startsWith("OVERLOAD STARTED memory "), 0, FailFast.STARTUP);
        assertTrue(Pattern.compile(" limit=(HOST|CONTAINER) memory=\\d+ overloaded=\\[memory\\] thread=watchdog-listener-")
                .matcher(started.text()).find(), started::text);
        long raised = System.nanoTime();
        configWithMemoryThreshold(100);
        Line ended = app.awaitLine(Stream.STDOUT, text -> text.startsWith("OVERLOAD ENDED memory "), raised, FailFast.STARTUP);
        assertTrue(ended.text().contains("overloaded=[] thread=watchdog-listener-"), ended::text);
    }

    /** A write to the file the application watches from code: its listener gets the new SHA-256 on an agent thread. */
    private void fileChange(ChildJvm app) throws Exception {
        Set<String> written = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long since = System.nanoTime();
        Line file = null;
        // rewritten until seen: a write before the file's baseline is absorbed by it
        for (int n = 1; file == null && System.nanoTime() < deadline; n++) {
            String content = "version: " + n + "\n";
            written.add(sha256(content));
            Files.writeString(watched, content);
            try {
                file = app.awaitLine(Stream.STDOUT, text -> text.startsWith("FILE " + watched + " CHANGED "), since,
                        Duration.ofMillis(400));
            } catch (IllegalStateException notYet) {
                // not seen yet
            }
        }
        assertTrue(file != null, app::describe);
        String[] parts = file.text().split(" ");
        assertTrue(written.contains(parts[3]), () -> "the new SHA-256 of a content written: " + written + "\n" + app.describe());
        assertTrue(parts[4].startsWith("thread=watchdog-listener-"), app::describe);
    }

    /** The application hears of a verdict at most half a second after the agent logs it (the sleeper takes 3 s). */
    private static void assertOnTime(ChildJvm app, Line agent, Line heard) {
        long lateMillis = Duration.ofNanos(heard.nanos() - agent.nanos()).toMillis();
        assertTrue(lateMillis < 500, () -> "heard " + lateMillis + " ms after the agent's line\n" + app.describe());
    }

    private static void assertReportedOnce(ChildJvm app, String warning) {
        Pattern p = AgentOutput.line("WARN api listener \\S*" + warning);
        long n = app.stderr().stream().filter(l -> p.matcher(l.text()).find()).count();
        assertEquals(1, n, () -> "reported once: " + p + "\n" + app.describe());
    }

    private static java.util.function.Predicate<String> health(String target, String state) {
        return ChildJvm.named(Pattern.compile("^HEALTH \\d+ " + Pattern.quote(target) + " " + state + " thread=watchdog-listener-"));
    }

    private static java.util.function.Predicate<String> webapp(String target, String state) {
        return ChildJvm.named(Pattern.compile("^WEBAPP HEALTH " + Pattern.quote(target) + " " + state + " thread=watchdog-listener-"));
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
