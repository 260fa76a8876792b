package dev.watchdog.testapps.operate;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.StrictJson;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchdog.log.file} with a small {@code max-size} and {@code keep}, {@code format=json}: the
 * agent's lines go to the file, never to the application's stderr; the file rotates and only
 * {@code keep} rotated files stay; every line of every file is one JSON object a parser accepts.
 */
class LogFileEndToEndTest {

    private static final int KEEP = 2;
    /** Smaller than most events: nearly every event starts a new file, so two outages rotate more than KEEP times. */
    private static final int MAX_BYTES = 256;

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void jsonLinesRotateBySizeAndKeepTheNewestFiles() throws Exception {
        Path log = dir.resolve("logs").resolve("watchdog.log");
        Path config = WatchdogConfig.fast().target("api", "http://" + server.proxy().hostPort() + "/health")
                .set("watchdog.log.file", log.toString())
                .set("watchdog.log.max-size", Integer.toString(MAX_BYTES))
                .set("watchdog.log.keep", Integer.toString(KEEP))
                .set("watchdog.log.format", "json")
                .write(dir);
        try (ChildJvm app = Children.httpApp(config, "http://" + server.proxy().hostPort() + "/api", 30)) {
            awaitEvent(log, "started", Instant.EPOCH);
            for (int i = 0; i < 2; i++) {
                Instant down = Instant.now();
                server.proxy().refuse();
                awaitEvent(log, "state=DOWN", down);
                Instant up = Instant.now();
                server.proxy().forward();
                awaitEvent(log, "state=UP", up);
            }
            FailFast.sleep(Duration.ofMillis(200));

            assertTrue(Files.exists(rotated(log, KEEP)), () -> "rotated " + KEEP + " times: " + listing(log));
            assertFalse(Files.exists(rotated(log, KEEP + 1)), () -> "only " + KEEP + " rotated files are kept: " + listing(log));
            List<String> lines = new ArrayList<>();
            for (Path p : List.of(log, rotated(log, 1), rotated(log, KEEP))) {
                List<String> inFile = Files.readAllLines(p);
                // a file passes max-size only when one event alone is larger
                assertTrue(Files.size(p) <= MAX_BYTES || inFile.size() == 1,
                        () -> p + " is " + size(p) + " bytes, more than " + MAX_BYTES + ": " + inFile);
                lines.addAll(inFile);
            }
            for (String line : lines) {
                Map<String, Object> event = StrictJson.object(line);
                assertEquals(Set.of("time", "level", "component", "message"), event.keySet(), line);
                Instant.parse((String) event.get("time"));
                assertTrue(Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(event.get("level")), line);
                assertTrue(((String) event.get("component")).matches("[a-z]+"), line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"component\":\"health\"") && l.contains("reason=\\\"")),
                    "quotes in messages are escaped, and the line still parses");
            assertTrue(app.stderr().stream().noneMatch(l -> AgentOutput.ANY_AGENT_LINE.matcher(l.text()).find()),
                    () -> "with a log file nothing of the agent's goes to the application's stderr\n" + app.describe());
        }
    }

    /** Text lines carry their time in a log file too; {@code watchdog.log.time=off} drops it on stderr. */
    @Test
    void textLinesStartWithTheirUtcTimeUnlessTimeIsOff() throws Exception {
        Path log = dir.resolve("text.log");
        String api = "http://" + server.proxy().hostPort() + "/api";
        Path toFile = WatchdogConfig.fast().target("api", api).set("watchdog.log.file", log.toString()).write(dir);
        try (ChildJvm app = Children.httpApp(toFile, api, 30)) {
            long deadline = System.nanoTime() + FailFast.STARTUP.toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains(" agent started ")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> lines = Files.readAllLines(log);
            assertTrue(lines.stream().anyMatch(AgentOutput.STARTED.asPredicate()), () -> lines + "\n" + app.describe());
            assertTrue(lines.stream().allMatch(AgentOutput.ANY_AGENT_LINE.asPredicate()), () -> lines.toString());
        }
        Path untimed = WatchdogConfig.fast().target("api", api).set("watchdog.log.time", "off").write(dir);
        try (ChildJvm app = Children.httpApp(untimed, api, 30)) {
            app.awaitLine(ChildJvm.Stream.STDERR, Pattern.compile("^watchdog INFO agent started "), FailFast.STARTUP);
        }
    }

    private static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /** Waits for an event whose message holds {@code text}, logged at or after {@code since}, in the file or its rotated ones. */
    private static void awaitEvent(Path log, String text, Instant since) throws Exception {
        Instant from = since.minusMillis(50);   // the child's clock is ours, its log times have millisecond precision
        long deadline = System.nanoTime() + FailFast.STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path p : List.of(log, rotated(log, 1), rotated(log, KEEP))) {
                for (String line : Files.exists(p) ? Files.readAllLines(p) : List.<String>of()) {
                    Map<String, Object> event = line.isBlank() ? Map.of() : StrictJson.object(line);
                    if (String.valueOf(event.get("message")).contains(text)
                            && !Instant.parse((String) event.get("time")).isBefore(from)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event with \"" + text + "\" since " + since + " in " + listing(log));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String listing(Path log) {
        try (var files = Files.list(log.getParent())) {
            return files.map(p -> p.getFileName() + " (" + size(p) + " B)").sorted().toList().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
