package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.HttpApp;
import dev.watchdog.testapps.faults.ThrowingDriver;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own troubles never reach the application: checks that hang (a blackholed HTTP server
 * and a blackholed database, checked every 100 ms with a 100 ms timeout) and a check whose driver
 * throws a RuntimeException. The application's calls to a healthy server keep working, the agent's
 * thread count stays bounded (the application's own pools grow and shrink with load: not counted), and the JVM exits normally while the agent's threads still run.
 */
class AgentFaultsTest {

    /** The child runs this long; the checks time out about 50 times each meanwhile. */
    private static final int RUN_SECONDS = 10;

    @TempDir
    Path dir;
    private SwitchableHttpServer healthy;
    private H2TcpServer h2;
    private TcpProxy deadHttp;
    private TcpProxy deadDb;

    @BeforeEach
    void servers() throws Exception {
        healthy = SwitchableHttpServer.start();
        h2 = H2TcpServer.start();
        deadHttp = new TcpProxy(healthy.port());
        deadHttp.blackhole();
        deadDb = new TcpProxy(h2.port());
        deadDb.blackhole();
    }

    @AfterEach
    void stop() {
        deadDb.close();
        deadHttp.close();
        h2.close();
        healthy.close();
    }

    @Test
    void hangingAndThrowingChecksNeverReachTheApplicationAndLeakNoThreads() throws Exception {
        int brokenPort = Ports.free();
        Path config = WatchdogConfig.fast()
                .set("watchdog.health.interval", "100ms")
                .set("watchdog.health.timeout", "100ms")
                .target("hang-http", "http://" + deadHttp.hostPort() + "/health")
                .target("hang-db", H2TcpServer.url(deadDb.port(), "health"))
                .target("broken", ThrowingDriver.PREFIX + "//127.0.0.1:" + brokenPort + "/x")
                .set("watchdog.target.broken.hosts", "127.0.0.1:" + brokenPort)
                .write(dir);
        String url = "http://127.0.0.1:" + healthy.port() + "/api";
        try (ChildJvm app = Children.withAgent(HttpApp.class, config).args(url, Children.PERIOD_MS, RUN_SECONDS).start()) {
            app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
            app.awaitLine(Stream.STDERR, AgentOutput.health("broken", "DOWN", "127.0.0.1:" + brokenPort), 0, FailFast.STARTUP);
            FailFast.sleep(Duration.ofSeconds(1));
            int early = threads(app.pid());
            FailFast.sleep(Duration.ofSeconds(3));
            int late = threads(app.pid());
            FailFast.assertCleanExit(app);
            System.out.printf("agent faults: agent threads %d after 1 s of hanging checks, %d after 4 s%n", early, late);

            // ~30 more timed-out checks per hanging target happened in between: none may have left a thread behind
            assertTrue(early > 0 && late <= early + 2, "agent threads grew from " + early + " to " + late + "\n" + app.describe());
            List<CallLine> calls = CallLine.all(app);
            assertTrue(calls.size() > 3 * 20, "too few calls: " + calls.size());
            calls.forEach(c -> assertTrue(c.ok(), "the application saw a failure: " + c + "\n" + app.describe()));
            long downLines = app.stderr().stream()
                    .filter(l -> AgentOutput.health("broken", "DOWN", "127.0.0.1:" + brokenPort).matcher(l.text()).find()).count();
            assertEquals(1, downLines, "the throwing check is reported once, not every interval\n" + app.describe());
            assertTrue(app.stderr().stream().noneMatch(l -> l.text().startsWith("\tat ") || l.text().startsWith("Exception in thread")),
                    "a stack trace reached the application's stderr\n" + app.describe());
            assertTrue(app.stderr().stream().allMatch(l -> AgentOutput.ANY_AGENT_LINE.matcher(l.text()).find()),
                    "a line on stderr that is not the agent's\n" + app.describe());
        }
    }

    /** The agent's threads: those whose (15-character) Linux name, from /proc/PID/task/TID/comm, starts with "watchdog". */
    private static int threads(long pid) throws Exception {
        int n = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    n += Files.readString(task.resolve("comm")).startsWith("watchdog") ? 1 : 0;
                } catch (java.io.IOException ended) {
                    // the thread ended while listing
                }
            }
        }
        return n;
    }
}
