package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built agent jar in a child JVM with the resource watcher sampling fast: oshi/JNA load, and
 * nothing the JVM would print about them (JDK 24+'s "WARNING: A restricted method in
 * java.lang.System has been called") reaches the application's stderr. Needs
 * {@code agent/target/watchdog-agent.jar}: run {@code mvn -B -q package -DskipTests} first.
 */
class ResourceWatcherChildJvmTest {

    private static final Path JAR = Path.of("target", "watchdog-agent.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"current", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void oshiLoadsAndStderrHasNoWarning(String javaHome) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "skipped: " + JAR + " not built; run mvn -B -q package -DskipTests first");
        Path home = javaHome.equals("current") ? Path.of(System.getProperty("java.home")) : Path.of(javaHome);
        Path java = home.resolve("bin").resolve("java");
        assumeTrue(Files.isExecutable(java), "skipped: no JDK at " + home);
        String classes = Path.of(ChildJvmApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m",
                "-Dwatchdog.log.level=debug", "-Dwatchdog.resources.interval=500ms", "-Dwatchdog.resources.cpu-threshold=1",
                "-Dwatchdog.resources.sustain=1", "-Djava.io.tmpdir=" + tmp,
                "-javaagent:" + JAR, "-cp", classes, ChildJvmApp.class.getName(), "5000"))
                .directory(tmp.toFile())
                .redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue());
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String all = lines.stream().collect(Collectors.joining("\n"));
        assertTrue(lines.stream().noneMatch(l -> l.contains("WARNING")), all);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("watchdog ")), "only the agent's own lines:\n" + all);
        assertTrue(all.contains("host=oshi"), "oshi in use:\n" + all);
        assertTrue(all.contains("watchdog WARN resources overload started resource=cpu"), all);
        assertTrue(!new File(tmp.toFile(), "hs_err").exists());
    }
}
