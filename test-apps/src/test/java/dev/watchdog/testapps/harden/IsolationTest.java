package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.isolation.IsolationApp;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.ClassPaths;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application carrying its own, different versions of the agent's libraries (byte-buddy,
 * failsafe, oshi-core + JNA, tinylog with its own tinylog.properties) runs unchanged with the agent:
 * each class comes from the application's jar, its tinylog logs in its own format, its oshi, failsafe
 * and byte-buddy work, and the agent still rejects its call to a DOWN target. The application's class
 * path is target/isolation-libs (maven-dependency-plugin copy, versions in the parent pom) plus
 * test-apps' JDK-only classes: nothing of the test class path leaks in.
 */
class IsolationTest {

    private static final String APP_FORMAT = "APPLOG [{level}] {message}";

    @TempDir
    Path dir;

    @Test
    void applicationWithItsOwnCopiesOfTheAgentsLibrariesRunsUnchangedAndIsStillProtected() throws Exception {
        Path libs = Path.of(System.getProperty("isolation.libs"));
        Path resources = Files.createDirectories(dir.resolve("app-resources"));
        Files.writeString(resources.resolve("tinylog.properties"),
                "writer = console\nwriter.stream = out\nwriter.format = " + APP_FORMAT + "\n");
        List<Path> classPath = new ArrayList<>(List.of(ClassPaths.testAppsClasses(), resources));
        classPath.addAll(ClassPaths.jarsIn(libs));

        try (SwitchableHttpServer backend = SwitchableHttpServer.start(); TcpProxy proxy = new TcpProxy(backend.port())) {
            proxy.refuse();
            Path config = WatchdogConfig.fast().target("api", "http://" + proxy.hostPort() + "/health").write(dir);
            try (ChildJvm app = Children.withAgent(IsolationApp.class, config).classPath(ClassPaths.join(classPath))
                    .args("http://" + proxy.hostPort() + "/api", 20).start()) {
                FailFast.assertCleanExit(app);
                String out = app.describe();

                Map<String, String> versions = Map.of(
                        "byte-buddy", "byte-buddy-" + System.getProperty("isolation.bytebuddy.version") + ".jar",
                        "failsafe", "failsafe-" + System.getProperty("isolation.failsafe.version") + ".jar",
                        "oshi-core", "oshi-core-" + System.getProperty("isolation.oshi.version") + ".jar",
                        "jna", "jna-" + System.getProperty("isolation.jna.version") + ".jar",
                        "tinylog-api", "tinylog-api-" + System.getProperty("isolation.tinylog.version") + ".jar",
                        "tinylog-impl", "tinylog-impl-" + System.getProperty("isolation.tinylog.version") + ".jar");
                versions.forEach((lib, jar) -> assertTrue(hasLine(app, Stream.STDOUT,
                        "^LIB " + Pattern.quote(lib) + " file:" + Pattern.quote(libs.toUri().getPath()) + Pattern.quote(jar) + " "),
                        lib + " is not the application's own " + jar + "\n" + out));

                assertTrue(hasLine(app, Stream.STDOUT, "^APPLOG \\[INFO\\] isolation app logging through its own tinylog$"),
                        "the application's tinylog did not log in its own format\n" + out);
                assertTrue(hasLine(app, Stream.STDOUT, "^CPUS [1-9]\\d*$"), "oshi read no CPU count\n" + out);
                assertTrue(hasLine(app, Stream.STDOUT, "^BREAKER open=true$"), "failsafe breaker\n" + out);
                assertTrue(hasLine(app, Stream.STDOUT, "^GENERATED app\\.generated\\.Hello$"), "byte-buddy class\n" + out);

                assertTrue(hasLine(app, Stream.STDERR, AgentOutput.STARTED.pattern()), "agent did not start\n" + out);
                assertTrue(CallLine.all(app).stream().anyMatch(c -> c.isRejection("ConnectException", proxy.hostPort())),
                        "the agent did not reject the application's call to the DOWN target\n" + out);
                // the agent keeps its own format on stderr; the application's format never shows there, nor the agent's on stdout
                assertTrue(app.stderr().stream().allMatch(l -> AgentOutput.ANY_AGENT_LINE.matcher(l.text()).find()),
                        "a stderr line that is not the agent's\n" + out);
                assertEquals(0, app.stdout().stream().filter(l -> AgentOutput.ANY_AGENT_LINE.matcher(l.text()).find()).count(),
                        "agent output on the application's stdout\n" + out);
            }
        }
    }

    private static boolean hasLine(ChildJvm app, Stream stream, String regex) {
        Pattern p = Pattern.compile(regex);
        return app.lines(stream).stream().anyMatch(l -> p.matcher(l.text()).find());
    }

}
