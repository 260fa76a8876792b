package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.load.Outcomes;
import dev.watchdog.testapps.load.VirtualThreadsApp;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.ClassPaths;
import dev.watchdog.testapps.support.Jdks;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 5,000 virtual threads calling a DOWN host with {@code HttpClient.send} are all rejected, all within
 * a wall-time bound (the gate never blocks, nothing deadlocks), and no virtual thread is pinned in the
 * agent's code: {@code -Djdk.tracePinnedThreads=full} (JDK 21; gone in 24+) prints nothing of ours, and a
 * JFR recording of every {@code jdk.VirtualThreadPinned} event (threshold 0) holds no frame of
 * {@code dev.watchdog}. One cell per JDK; a JDK not installed here is skipped with the reason.
 */
class VirtualThreadsTest {

    private static final int THREADS = 5_000;
    private static final long MAX_MILLIS = 10_000;

    /** A stack frame of the agent: its gate, premain, agent classes or its ByteBuddy. */
    private static final java.util.regex.Pattern AGENT_FRAME =
            java.util.regex.Pattern.compile("\\b(dev\\.watchdog\\.(agent|bootstrap|premain)|net\\.bytebuddy)\\.");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {21, 25})
    void thousandsOfVirtualThreadsAreRejectedPromptlyWithoutPinning(int feature) throws Exception {
        Path jdk = Jdks.require(feature, feature == 21
                ? "Debian 12 packages no openjdk-21 and no Temurin 21 is installed on this machine"
                : "install Temurin 25 under /usr/lib/jvm/temurin-25-jdk-amd64");
        Path jfr = dir.resolve("vt.jfr");
        try (SwitchableHttpServer backend = SwitchableHttpServer.start(); TcpProxy proxy = new TcpProxy(backend.port())) {
            proxy.refuse();
            Path config = WatchdogConfig.fast().target("api", "http://" + proxy.hostPort() + "/health").write(dir);
            ChildJvm.Builder builder = Children.withAgent(VirtualThreadsApp.class, config)
                    .javaHome(jdk)
                    .classPath(ClassPaths.join(java.util.List.of(ClassPaths.testAppsClasses())))
                    .jvmOption("-Djdk.tracePinnedThreads=full")
                    .jvmOption("-XX:StartFlightRecording:filename=" + jfr + ",+jdk.VirtualThreadPinned#threshold=0ms")
                    .args("http://" + proxy.hostPort() + "/api", THREADS, 30);
            try (ChildJvm app = builder.start()) {
                assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), () -> "exit code\n" + app.describe());
                String out = app.describe();
                String outcomes = line(app, "OUTCOMES", out);
                long elapsed = Long.parseLong(line(app, "ELAPSED ", out).substring("ELAPSED ".length()));
                System.out.printf("virtual threads on JDK %d: %s in %d ms%n", feature, outcomes, elapsed);

                assertEquals(Map.of("rejected:java.net.ConnectException", (long) THREADS), Outcomes.parse(outcomes),
                        "every virtual thread's call must be rejected by the agent\n" + out);
                assertTrue(elapsed < MAX_MILLIS, THREADS + " rejected calls took " + elapsed + " ms\n" + out);
                String printed = java.util.stream.Stream.concat(app.stdout().stream(), app.stderr().stream())
                        .map(ChildJvm.Line::text).collect(java.util.stream.Collectors.joining("\n"));
                assertFalse(printed.contains("dev.watchdog") || printed.contains("<== monitors"),
                        "pinned-thread trace or agent frames in the application's output\n" + out);
            }
            String pinned = jfrPrint(jdk, jfr);
            long events = pinned.lines().filter(l -> l.startsWith("jdk.VirtualThreadPinned")).count();
            System.out.printf("virtual threads on JDK %d: %d jdk.VirtualThreadPinned events (threshold 0)%n", feature, events);
            // the agent's frames, not the test application's own (dev.watchdog.testapps: its class loading may pin)
            assertFalse(AGENT_FRAME.matcher(pinned).find(), "a virtual thread was pinned in the agent's code:\n" + pinned);
        }
    }

    private static String line(ChildJvm app, String prefix, String out) {
        return app.stdout().stream().map(ChildJvm.Line::text).filter(t -> t.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line\n" + out));
    }

    private static String jfrPrint(Path jdk, Path recording) throws Exception {
        Process p = new ProcessBuilder(jdk.resolve("bin/jfr").toString(), "print", "--events", "jdk.VirtualThreadPinned",
                recording.toString()).redirectErrorStream(true).start();
        byte[] text = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jfr print did not end");
        assertEquals(0, p.exitValue(), () -> "jfr print failed: " + new String(text, StandardCharsets.UTF_8));
        return new String(text, StandardCharsets.UTF_8);
    }
}
