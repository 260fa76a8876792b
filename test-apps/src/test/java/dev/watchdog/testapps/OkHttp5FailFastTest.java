package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.clients.HttpClientsApp;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OkHttp 5 (okhttp-jvm, Kotlin 2 stdlib, okio 3) with the same RealCall hooks as OkHttp 4:
 * {@link HttpClientsApp}'s execute and enqueue kinds, on a class path where the test's OkHttp 4,
 * okio and Kotlin jars are swapped for OkHttp 5's (copied by test-apps/pom.xml). The socket-level fallback
 * is off: only the RealCall hooks can reject.
 */
class OkHttp5FailFastTest {

    private static final List<String> KINDS = List.of("okhttp-execute", "okhttp-enqueue");
    /** The jars OkHttp brings, in the local repository's layout: these are what OkHttp 5 replaces. */
    private static final Pattern OKHTTP_STACK = Pattern.compile(
            "[/\\\\](com[/\\\\]squareup[/\\\\](okhttp3|okio)|org[/\\\\]jetbrains[/\\\\](kotlin|annotations))[/\\\\]");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void okHttp5CallsAreRejectedFastThroughExecuteAndEnqueue() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.withAgent(HttpClientsApp.class, config).classPath(okHttp5ClassPath())
                .args(base + "/api", Children.PERIOD_MS, 12, String.join(",", KINDS)).start()) {
            String lib = app.awaitLine(ChildJvm.Stream.STDOUT, Pattern.compile("^LIB okhttp "), Duration.ofSeconds(20)).text();
            assertTrue(lib.contains("okhttp-jvm-5."), "the child did not load OkHttp 5: " + lib);
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "api", "ConnectException", KINDS);
            FailFast.assertCleanExit(app);
        }
    }

    /** The test class path without OkHttp 4's stack, plus OkHttp 5's jars. */
    private static String okHttp5ClassPath() throws IOException {
        Path libs = Path.of(System.getProperty("watchdog.okhttp5.libs", "target/okhttp5-libs"));
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!OKHTTP_STACK.matcher(entry).find()) {
                entries.add(entry);
            }
        }
        try (Stream<Path> jars = Files.list(libs)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        assertTrue(entries.stream().anyMatch(e -> e.contains("okhttp-jvm-5.")), "no OkHttp 5 jar in " + libs + ": run mvn generate-test-resources");
        return String.join(File.pathSeparator, entries);
    }
}
