package dev.watchdog.testapps.operate;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.support.AgentCli;
import dev.watchdog.testapps.support.ClassPaths;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar watchdog-agent.jar check}, {@code version}, {@code help} from the packaged jar, as an operator runs them. */
class CliCheckEndToEndTest {

    private static final String SECRET = "s3cret-Pw";

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void goodConfigIsValidAndEveryTargetIsCheckedOnce() throws Exception {
        Path config = WatchdogConfig.fast()
                .target("api", "http://" + server.proxy().hostPort() + "/health")
                // a cold JVM's first HTTP check: fast()'s 300 ms is tight on two busy cores, and this test is not about timing
                .set("watchdog.target.api.timeout", "5s")
                .target("raw", "tcp://" + server.proxy().hostPort())
                .write(dir);
        AgentCli.Result r = AgentCli.run("check", config.toString(), "--strict");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.stdout().contains(": valid (2 target(s)"), r::toString);
        assertTrue(row("api", "http", server.proxy().hostPort(), "UP").matcher(r.stdout()).find(), r::toString);
        assertTrue(row("raw", "tcp", server.proxy().hostPort(), "UP").matcher(r.stdout()).find(), r::toString);
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("TARGET\\s+KIND\\s+HOSTS\\s+STATE\\s+LATENCY\\s+REASON")), r::toString);
        assertEquals("", r.stderr(), "the command line prints no log lines");
    }

    @Test
    void downTargetPassesPlainCheckButFailsStrict() throws Exception {
        server.proxy().refuse();
        Path config = WatchdogConfig.fast().target("raw", "tcp://" + server.proxy().hostPort()).write(dir);

        AgentCli.Result plain = AgentCli.run("check", config.toString());
        assertEquals(0, plain.exit(), plain::toString);
        assertTrue(row("raw", "tcp", server.proxy().hostPort(), "DOWN").matcher(plain.stdout()).find(), plain::toString);

        AgentCli.Result strict = AgentCli.run("check", config.toString(), "--strict");
        assertEquals(1, strict.exit(), strict::toString);
        assertTrue(strict.stdout().contains("--strict: not every target is UP"), strict::toString);
    }

    @Test
    void badConfigNamesEveryKeyWithItsLineAndRunsNoCheck() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), """
                # line 1
                watchdog.health.interval=fast
                watchdog.target.db.check=tcp://127.0.0.1:%d
                watchdog.health.timout=1s
                """.formatted(server.proxy().port()));
        AgentCli.Result r = AgentCli.run("check", config.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(Pattern.compile("(?m)^ERROR watchdog\\.health\\.interval \\(line 2\\): \\S").matcher(r.stdout()).find(), r::toString);
        assertTrue(Pattern.compile("(?m)^(ERROR|WARN ) watchdog\\.health\\.timout \\(line 4\\): .*timeout").matcher(r.stdout()).find(),
                () -> "the misspelt key is reported with its line and the likely key\n" + r);
        assertTrue(r.stdout().contains(": invalid ("), r::toString);
        assertTrue(!r.stdout().contains("TARGET"), () -> "no check runs for an invalid config\n" + r);
    }

    @Test
    void versionHelpAndUsageErrors() throws Exception {
        AgentCli.Result version = AgentCli.run("version");
        assertEquals(0, version.exit(), version::toString);
        assertTrue(version.stdout().matches("watchdog-agent \\S+\\R"), version::toString);

        AgentCli.Result help = AgentCli.run("help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.stdout().contains("attach PID [config=PATH]"), help::toString);

        AgentCli.Result unknown = AgentCli.run("frobnicate");
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.stderr().contains("unknown command \"frobnicate\""), unknown::toString);

        AgentCli.Result badPid = AgentCli.run("attach", "not-a-pid");
        assertNotEquals(0, badPid.exit(), badPid::toString);
    }

    /** The agent jar holds no JDBC driver: {@code --classpath} gives the one a jdbc: target needs, as before a deploy. */
    @Test
    void jdbcTargetsAreCheckedWithTheDriverGivenOnTheClassPath() throws Exception {
        LocalServers.requirePostgres();
        LocalServers.requireMariaDb();
        Path config = WatchdogConfig.fast()
                .target("pg", "jdbc:postgresql://127.0.0.1:" + LocalServers.POSTGRES_PORT + "/test?user=postgres&password=" + SECRET)
                .set("watchdog.target.pg.timeout", "5s")
                .target("maria", "jdbc:mariadb://127.0.0.1:" + LocalServers.MARIADB_PORT + "/test")
                .set("watchdog.target.maria.user", "root")
                .set("watchdog.target.maria.timeout", "5s")
                .write(dir);
        AgentCli.Result r = AgentCli.run("check", config.toString(), "--strict", "--classpath", drivers());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(row("pg", "jdbc", "127.0.0.1:" + LocalServers.POSTGRES_PORT, "UP").matcher(r.stdout()).find(), r::toString);
        assertTrue(row("maria", "jdbc", "127.0.0.1:" + LocalServers.MARIADB_PORT, "UP").matcher(r.stdout()).find(), r::toString);
        assertTrue(!r.toString().contains(SECRET), () -> "the URL's password is never printed\n" + r);

        AgentCli.Result noDriver = AgentCli.run("check", config.toString(), "--strict");
        assertEquals(1, noDriver.exit(), noDriver::toString);
        assertTrue(Pattern.compile("(?m)^pg\\s.*\\sDOWN\\s.*no JDBC driver accepts this URL: give its jar with --classpath")
                .matcher(noDriver.stdout()).find(), noDriver::toString);
    }

    @Test
    void jdbcTargetOnAClosedPortIsDownWithItsReasonAndFailsStrict() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path config = WatchdogConfig.fast()
                .target("pg", "jdbc:postgresql://127.0.0.1:" + closed + "/test?user=postgres&password=" + SECRET)
                .set("watchdog.target.pg.timeout", "5s")
                .target("maria", "jdbc:mariadb://127.0.0.1:" + closed + "/test?user=root&password=" + SECRET)
                .set("watchdog.target.maria.timeout", "5s")
                .write(dir);
        AgentCli.Result r = AgentCli.run("check", config.toString(), "--strict", "--classpath", drivers());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.stdout().contains("--strict: not every target is UP"), r::toString);
        for (String target : List.of("pg", "maria")) {
            assertTrue(Pattern.compile("(?mi)^" + target + "\\s+jdbc\\s+" + Pattern.quote("127.0.0.1:" + closed)
                    + "\\s+DOWN\\s+\\d+\\.\\dms\\s+.*refused").matcher(r.stdout()).find(), r::toString);
        }
        assertTrue(!r.toString().contains(SECRET), () -> "the URL's password is never printed\n" + r);
    }

    /** The PostgreSQL and MariaDB driver jars of this test's class path, as an operator would list them. */
    private static String drivers() {
        return ClassPaths.join(List.of(ClassPaths.locationOf(org.postgresql.Driver.class),
                ClassPaths.locationOf(org.mariadb.jdbc.Driver.class)));
    }

    private static Pattern row(String target, String kind, String hostPort, String state) {
        return Pattern.compile("(?m)^" + target + "\\s+" + kind + "\\s+" + Pattern.quote(hostPort) + "\\s+" + state + "\\s+\\d+\\.\\dms");
    }
}
