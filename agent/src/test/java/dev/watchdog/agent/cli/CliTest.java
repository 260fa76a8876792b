package dev.watchdog.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkOfAGoodConfigRunsEveryCheckAndStrictNeedsEveryTargetUp() throws Exception {
        int refused;
        try (ServerSocket closed = new ServerSocket(0)) {
            refused = closed.getLocalPort();
        }
        try (ServerSocket listening = new ServerSocket(0)) {
            Path config = Files.writeString(dir.resolve("watchdog.properties"), ""
                    + "watchdog.target.cache.check=tcp://127.0.0.1:" + listening.getLocalPort() + "\n"
                    + "watchdog.target.gone.check=tcp://127.0.0.1:" + refused + "\n"
                    + "watchdog.target.gone.timeout=500ms\n");
            assertEquals(0, run("check", config.toString()), err());
            String table = out();
            assertTrue(table.contains("valid (2 target(s), 0 warning(s))"), table);
            assertTrue(table.matches("(?s).*TARGET +KIND +HOSTS +STATE +LATENCY +REASON.*"), table);
            assertTrue(table.matches("(?s).*cache +tcp +127\\.0\\.0\\.1:" + listening.getLocalPort() + " +UP +[0-9.]+ms.*"), table);
            assertTrue(table.matches("(?s).*gone +tcp +127\\.0\\.0\\.1:" + refused + " +DOWN +[0-9.]+ms +Connection refused.*"), table);

            out.reset();
            assertEquals(1, run("check", config.toString(), "--strict"));
            assertTrue(out().contains("--strict: not every target is UP"), out());
        }
    }

    @Test
    void checkOfABadConfigPrintsEveryProblemWithKeyAndLineAndFails() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), ""
                + "watchdog.health.interval=fast\n"
                + "watchdog.target.db.check=tcp://db:5432\n"
                + "watchdog.target.db.timeuot=1s\n");
        assertEquals(1, run("check", config.toString()));
        String text = out();
        assertTrue(text.contains("ERROR watchdog.health.interval (line 1)"), text);
        assertTrue(text.contains("watchdog.target.db.timeuot (line 3)"), text);
        assertTrue(text.contains("invalid (1 error(s)") || text.contains("invalid (2 error(s)"), text);
        assertTrue(!text.contains("TARGET"), "no checks run for an invalid config");
    }

    @Test
    void usageErrorsExitWith2AndSayWhatIsWrong() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("unknown command \"frobnicate\""), err());
        assertEquals(2, run("check"));
        assertEquals(2, run("attach", "abc"));
        assertEquals(2, run("status"));
        assertEquals(1, run("check", dir.resolve("missing.properties").toString()));
        assertTrue(out().contains("no such file"), out());
    }

    @Test
    void aJdbcCheckLooksForItsDriverOnTheClassPathAndSaysWhenNoneIsThere() throws Exception {
        Path config = Files.writeString(dir.resolve("watchdog.properties"),
                "watchdog.target.db.check=jdbc:mysql://127.0.0.1:1/test?password=s3cret\n");   // no MySQL driver on this class path (PostgreSQL and MariaDB are)
        String missing = dir.resolve("no-such-driver.jar").toString();
        assertEquals(0, run("check", config.toString(), "--classpath", missing + java.io.File.pathSeparator + dir));
        assertTrue(out().contains("WARN  --classpath: no such file or directory: " + missing), out());
        assertTrue(out().matches("(?s).*db +jdbc +127\\.0\\.0\\.1:1 +DOWN +[0-9.]+ms +no JDBC driver accepts this URL: give its jar with --classpath.*"), out());
        assertTrue(!out().contains("s3cret"), out());

        out.reset();
        assertEquals(0, Cli.run(new String[] {"check", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("CLASSPATH", missing)));
        assertTrue(out().contains("WARN  CLASSPATH: no such file or directory: " + missing), "CLASSPATH is the default: " + out());

        assertEquals(2, run("check", config.toString(), "--classpath"));
        assertTrue(err().contains("unexpected \"--classpath\""), err());
    }

    @Test
    void versionHelpAndList() {
        assertEquals(0, run("version"));
        assertTrue(out().startsWith("watchdog-agent "), out());
        assertEquals(0, run("help"));
        assertTrue(out().contains("check CONFIG [--strict]"));
        out.reset();
        assertEquals(0, run("list"), err());
        assertTrue(out().contains(String.valueOf(ProcessHandle.current().pid())), "lists this very JVM: " + out());
    }
}
