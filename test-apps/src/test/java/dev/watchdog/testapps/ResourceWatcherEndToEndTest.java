package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ResourceWatcher in a real JVM: oshi and JNA load on the agent's own thread, a CPU overload is
 * raised, and nothing the JVM would print about native access (JDK 24+'s "WARNING: A restricted
 * method in java.lang.System has been called") reaches the application's stderr.
 */
class ResourceWatcherEndToEndTest {

    @TempDir
    Path dir;

    static Stream<Path> jdks() {
        return CleanStartTest.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void oshiLoadsQuietlyAndAnOverloadIsRaisedOnce(Path javaHome) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(javaHome), () -> "JDK " + javaHome + " is not installed here; cell skipped");
        Path config = Files.writeString(dir.resolve("watchdog.properties"), String.join("\n",
                "watchdog.log.level=debug",
                "watchdog.resources.interval=500ms",
                "watchdog.resources.cpu-threshold=1",
                "watchdog.resources.sustain=1",
                "watchdog.health.discover=false", ""));
        ChildJvm.Builder builder = Children.withAgent(BusyApp.class, config).javaHome(javaHome)
                .jvmOption("-Xmx64m").jvmOption("-Djava.io.tmpdir=" + dir).args(5000);
        try (ChildJvm app = builder.start()) {
            FailFast.assertCleanExit(app);
            List<String> stderr = app.stderr().stream().map(Line::text).toList();
            String all = stderr.stream().collect(Collectors.joining("\n"));
            assertTrue(stderr.stream().noneMatch(l -> l.contains("WARNING")), all);
            assertTrue(stderr.stream().allMatch(AgentOutput.ANY_AGENT_LINE.asPredicate()), () -> "only the agent's own lines:\n" + all);
            assertTrue(all.contains("host=oshi"), () -> "oshi in use:\n" + all);
            assertTrue(stderr.stream().filter(AgentOutput.line("WARN resources overload started resource=cpu").asPredicate()).count() == 1,
                    () -> "one WARN when the overload starts, never one per sample:\n" + all);
        }
    }
}
