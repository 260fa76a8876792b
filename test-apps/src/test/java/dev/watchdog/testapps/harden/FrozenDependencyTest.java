package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.ServerMain;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependency whose whole process is frozen ({@code kill -STOP}) and later thawed ({@code kill -CONT}).
 * The server runs in a JVM of its own ({@link ServerMain}), never the machine's shared databases.
 * The application connects to it directly, with no proxy: a stopped process's kernel still completes
 * TCP connects into the listen backlog, so a connect-only check would see the target UP; only a check
 * that talks the protocol (with its own timeout) sees it DOWN. Calls are then rejected fast, and after
 * the thaw the breaker closes and calls succeed again.
 */
class FrozenDependencyTest {

    /** The server child lives at most this long on its own, should the test JVM die. */
    private static final long SERVER_MAX_SECONDS = 60;
    private static final long APP_SECONDS = 12;
    /** How long the freeze is held once calls are rejected, for enough rejected calls to judge. */
    private static final Duration HOLD = Duration.ofMillis(1_500);
    /** Calls that began this soon after the DOWN line are not judged (lines arrive a little after the call). */
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    @TempDir
    Path dir;

    @Test
    void frozenDatabaseIsRejectedFastAndRecoversWhenThawed() throws Exception {
        try (FrozenServer db = FrozenServer.start("h2")) {
            String hostPort = "127.0.0.1:" + db.port;
            // H2's client reads without a timeout: the agent gives the check's reads its own (NETWORK_TIMEOUT)
            Path config = WatchdogConfig.fast()
                    .target("db", H2TcpServer.url(db.port, "health"))
                    .write(dir);
            try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(db.port, "demo"), APP_SECONDS)) {
                freezeAndThaw(app, db, "db", hostPort, "SQLTransientConnectionException", List.of("connect", "statement"));
            }
        }
    }

    @Test
    void frozenHttpServerIsRejectedFastAndRecoversWhenThawed() throws Exception {
        try (FrozenServer api = FrozenServer.start("http")) {
            String hostPort = "127.0.0.1:" + api.port;
            Path config = WatchdogConfig.fast().target("api", "http://" + hostPort + "/health").write(dir);
            try (ChildJvm app = Children.httpApp(config, "http://" + hostPort + "/api", APP_SECONDS)) {
                freezeAndThaw(app, api, "api", hostPort, "ConnectException", List.of("send", "async", "urlconnection"));
            }
        }
    }

    private static void freezeAndThaw(ChildJvm app, FrozenServer server, String target, String hostPort,
                                      String exception, List<String> kinds) throws Exception {
        FailFast.awaitAgentReady(app, kinds);

        long frozen = System.nanoTime();
        server.freeze();
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), frozen, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, exception, hostPort), frozen, FailFast.DETECTION);
        }
        FailFast.sleep(HOLD);

        long thawed = System.nanoTime();
        server.thaw();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), thawed, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }

        FailFast.assertRejectedWhileDown(app, down.nanos() + MARGIN_NANOS, thawed, exception, hostPort, kinds);
        FailFast.assertCleanExit(app);
        System.out.printf("frozen %s: DOWN %d ms after SIGSTOP, UP %d ms after SIGCONT%n", target,
                Duration.ofNanos(down.nanos() - frozen).toMillis(), Duration.ofNanos(up.nanos() - thawed).toMillis());
    }

    /** A {@link ServerMain} child that can be stopped and continued; closing thaws it first, then ends it. */
    private static final class FrozenServer implements AutoCloseable {

        private static final Pattern PORT = Pattern.compile("^PORT (\\d+)$");

        final ChildJvm jvm;
        final int port;

        private FrozenServer(ChildJvm jvm, int port) {
            this.jvm = jvm;
            this.port = port;
        }

        static FrozenServer start(String kind) throws Exception {
            ChildJvm jvm = ChildJvm.builder(ServerMain.class.getName()).args(kind, SERVER_MAX_SECONDS)
                    .echo(l -> System.out.println("[server] " + l), l -> System.out.println("[server] stderr: " + l))
                    .start();
            try {
                Line line = jvm.awaitLine(Stream.STDOUT, PORT, FailFast.STARTUP);
                var m = PORT.matcher(line.text());
                m.matches();
                return new FrozenServer(jvm, Integer.parseInt(m.group(1)));
            } catch (RuntimeException e) {
                jvm.close();
                throw e;
            }
        }

        void freeze() throws Exception {
            signal("-STOP");
            assertEquals('T', state(), "the server process is not stopped after kill -STOP");
        }

        void thaw() throws Exception {
            signal("-CONT");
        }

        private void signal(String signal) throws Exception {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(jvm.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            assertEquals(0, kill.waitFor(), "kill " + signal + " " + jvm.pid() + ": " + output);
        }

        /** The process state from /proc (T: stopped), waiting a little for the signal to land. */
        private char state() throws IOException {
            Path stat = Path.of("/proc", Long.toString(jvm.pid()), "stat");
            char state = '?';
            for (int i = 0; i < 50; i++) {
                String text = Files.readString(stat);
                state = text.charAt(text.lastIndexOf(')') + 2);
                if (state == 'T') {
                    break;
                }
                FailFast.sleep(Duration.ofMillis(10));
            }
            return state;
        }

        @Override
        public void close() throws Exception {
            try {
                thaw(); // a stopped process would not act on the SIGTERM that close() sends first
            } finally {
                jvm.close();
            }
        }
    }
}
