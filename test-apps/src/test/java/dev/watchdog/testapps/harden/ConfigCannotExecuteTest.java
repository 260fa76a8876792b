package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.faults.Canary;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in the configuration makes the agent run a command or load a class the file names. Each
 * child runs {@link JdbcApp} with {@link Canary} on its class path: loading, constructing or calling
 * the canary appends to a marker file, and {@code -Xlog:class+load} records every class the child
 * loads. The keys are those of the README's configuration reference (which ReadmeReferenceTest keeps
 * equal to the agent's key table; the agent's classes are kept off this class path on purpose).
 *
 * <p>{@link #theSameUrlAsTheApplicationsOwnConnectionRunsTheCanary} is the control: the H2 URL the
 * agent refuses in a check does run the canary when the application itself connects with it, so the
 * marker and the class-load log do catch what the other tests say never happens.
 */
class ConfigCannotExecuteTest {

    private static final String CANARY = Canary.class.getName();
    /** The reference's "takes" for keys whose value is free text. */
    private static final List<String> FREE_TEXT = List.of("text", "path[,path...]");

    @TempDir
    Path dir;
    /** The application's own database; the running agent's jdbc check goes there too. */
    @RegisterExtension
    final ProxiedServer<H2TcpServer> db = ProxiedServer.h2();
    private Path marker;
    private Path classLog;
    private Path script;
    private Tripwire jndi;
    private TcpProxy closed;

    @BeforeEach
    void setUp() throws IOException {
        marker = dir.resolve("canary.marker");
        classLog = dir.resolve("class-load.log");
        // what an H2 INIT=RUNSCRIPT would run: an alias for the canary's static method, then a call to it
        script = Files.writeString(dir.resolve("canary.sql"),
                "CREATE ALIAS IF NOT EXISTS CANARY FOR '" + CANARY + ".touch';\nCALL CANARY();\n");
        jndi = new Tripwire();
        closed = new TcpProxy(db.proxy().port());
        closed.refuse();   // a port nothing listens on: a driver that gets as far as connecting is refused
    }

    @AfterEach
    void tearDown() throws IOException {
        closed.close();
        jndi.close();
    }

    /** Shell, JNDI, lookup and script syntaxes, and the canary's bare class name. */
    private List<String> hostileValues() {
        return List.of(
                CANARY,
                "$(touch " + marker + ")",
                "`touch " + marker + "`",
                "${jndi:ldap://127.0.0.1:" + jndi.port() + "/" + CANARY + "}",
                "${sys:" + Canary.MARKER_PROPERTY + "}",
                "${script:javascript:java.lang.Runtime.getRuntime().exec('touch " + marker + "')}",
                "@{ldap://127.0.0.1:" + jndi.port() + "/x}",   // tinylog's JNDI lookup syntax (the agent logs through tinylog)
                "#{" + Canary.MARKER_PROPERTY + "}");          // and its system property syntax
    }

    @Test
    void everyKeySetToHostileValuesIsRefusedByNameAndNothingRuns() throws Exception {
        List<String> values = hostileValues();
        WatchdogConfig config = WatchdogConfig.fast();
        List<String> mustBeRefused = new ArrayList<>();
        List<Row> globals = Row.reference().stream().filter(r -> !r.target()).toList();
        List<Row> attributes = Row.reference().stream().filter(Row::target).toList();
        for (int i = 0; i < globals.size(); i++) {
            Row row = globals.get(i);
            config.set(row.key(), values.get(i % values.size()));
            if (!row.freeText()) {
                mustBeRefused.add(row.key());
            }
        }
        for (int t = 0; t < values.size(); t++) {
            for (Row row : attributes) {
                String key = row.key("hostile" + t);
                config.set(key, values.get(t));
                // a check must be a URL of a known kind; a list of names (resilience4j) rightly takes the canary's
                // class name, a valid breaker name that nothing loads (assertNothingRan)
                if ((!row.freeText() || row.isCheck()) && !(row.names() && values.get(t).equals(CANARY))) {
                    mustBeRefused.add(key);
                }
            }
        }
        dangerousChecks().forEach(config::set);
        dangerousChecks().keySet().stream().filter(k -> k.endsWith(".check")).forEach(mustBeRefused::add);

        try (ChildJvm app = start(config.write(dir), 2)) {
            FailFast.assertCleanExit(app);
            assertNothingRan(app);
            app.awaitLine(Stream.STDERR, AgentOutput.INERT, FailFast.STARTUP);
            assertEachRefusedByName(app, mustBeRefused);
        }
    }

    @Test
    void checkUrlsWhoseDriverWouldLoadOrRunCodeAreRefusedByName() throws Exception {
        WatchdogConfig config = WatchdogConfig.fast();
        dangerousChecks().forEach(config::set);
        try (ChildJvm app = start(config.write(dir), 3)) {
            FailFast.assertCleanExit(app);
            assertNothingRan(app);
            app.awaitLine(Stream.STDERR, AgentOutput.INERT, FailFast.STARTUP);
            assertEachRefusedByName(app, dangerousChecks().keySet().stream().filter(k -> k.endsWith(".check")).toList());
        }
    }

    @Test
    void hostileTextWhereTextIsAcceptedIsOnlyEverText() throws Exception {
        String all = String.join(" ", hostileValues());
        WatchdogConfig config = WatchdogConfig.fast();
        Path logFile = null;
        for (Row row : Row.reference()) {
            if (!row.freeText() || row.target()) {
                continue;
            }
            // inside the test's directory: a path key must not write next to the sources
            String value = dir.resolve("text") + "/" + all;
            config.set(row.key(), value);
            if (row.key().equals("watchdog.log.file")) {
                logFile = Path.of(value);
            }
        }
        assertTrue(logFile != null, "the reference has no watchdog.log.file");
        try (SwitchableHttpServer web = SwitchableHttpServer.start()) {
            config.target("db", H2TcpServer.url(db.proxy().port(), "health"))
                    .set("watchdog.target.db.hosts", closed.hostPort())   // the application's own calls stay unaffected
                    .target("web", "http://127.0.0.1:" + web.port() + "/health")
                    .set("watchdog.target.web.hosts", closed.hostPort());
            for (Row row : Row.reference()) {
                if (row.target() && row.freeText() && !row.isCheck()) {
                    config.set(row.key("db"), all).set(row.key("web"), all);
                }
            }
            try (ChildJvm app = start(config.write(dir), 6)) {
                // the agent logs only to that file: its first check of db (which uses the hostile user, password and
                // query) must be there before the application ends
                awaitInFile(logFile, "health target=db ", app);
                FailFast.assertCleanExit(app);
                // read after the exit: the first check can be logged before the start line, which ends the agent's start
                String log = Files.readString(logFile);
                assertTrue(log.contains("watchdog INFO agent started"), "the agent did not start:\n" + log + app.describe());
                assertTrue(app.stderr().stream().noneMatch(l -> AgentOutput.ANY_AGENT_LINE.matcher(l.text()).find()),
                        "the agent wrote to stderr although its log file is set\n" + app.describe());
                assertNothingRan(app);
            }
        }
    }

    @Test
    void theSameUrlAsTheApplicationsOwnConnectionRunsTheCanary() throws Exception {
        Path config = WatchdogConfig.fast().write(dir);
        String url = "jdbc:h2:mem:canary;INIT=RUNSCRIPT FROM '" + script + "'";
        try (ChildJvm app = start(config, url, 2)) {
            FailFast.assertCleanExit(app);
            app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
            assertTrue(Files.isRegularFile(marker), "the control did not run the canary: the marker cannot catch anything\n"
                    + app.describe());
            assertTrue(Files.readString(marker).contains("called"), Files.readString(marker));
            assertTrue(loadedClasses().contains(CANARY), "the class-load log does not show the canary");
        }
    }

    /** Targets whose check URL (or query) makes a driver run SQL in-process or instantiate a class it names. */
    private Map<String, String> dangerousChecks() {
        String port = closed.hostPort();
        String aliasAndCall = "CREATE ALIAS IF NOT EXISTS CANARY FOR '" + CANARY + ".touch'; CALL CANARY()";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("watchdog.target.h2-init.check", "jdbc:h2:mem:init;INIT=RUNSCRIPT FROM '" + script + "'");
        m.put("watchdog.target.h2-init.hosts", port);
        m.put("watchdog.target.h2-query.check", "jdbc:h2:mem:query");
        m.put("watchdog.target.h2-query.hosts", port);
        m.put("watchdog.target.h2-query.query", aliasAndCall);
        m.put("watchdog.target.h2-listener.check", "jdbc:h2:mem:listener;DATABASE_EVENT_LISTENER='" + CANARY + "'");
        m.put("watchdog.target.h2-listener.hosts", port);
        m.put("watchdog.target.h2-remote-init.check", "jdbc:h2:tcp://" + port + "/mem:x;INIT=RUNSCRIPT FROM '" + script + "'");
        m.put("watchdog.target.pg-socket-factory.check", "jdbc:postgresql://" + port + "/test?socketFactory=" + CANARY);
        m.put("watchdog.target.pg-ssl-factory.check", "jdbc:postgresql://" + port + "/test?ssl=true&sslfactory=" + CANARY);
        m.put("watchdog.target.mariadb-socket-factory.check", "jdbc:mariadb://" + port + "/test?socketFactory=" + CANARY);
        return m;
    }

    private ChildJvm start(Path config, long seconds) throws IOException {
        return start(config, H2TcpServer.url(db.proxy().port(), "app"), seconds);
    }

    private ChildJvm start(Path config, String url, long seconds) throws IOException {
        return Children.withAgent(JdbcApp.class, config)
                .jvmOption("-D" + Canary.MARKER_PROPERTY + "=" + marker)
                .jvmOption("-Xlog:class+load=info:file=" + classLog)
                .args(url, "sa", "", Children.PERIOD_MS, seconds)
                .start();
    }

    /** Each key has an {@code ERROR config <key> (line N): ...} line that says what is expected. */
    private static void assertEachRefusedByName(ChildJvm app, List<String> keys) {
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Pattern error = AgentOutput.configError(key);
            boolean named = app.stderr().stream().map(ChildJvm.Line::text)
                    .anyMatch(l -> error.matcher(l).find() && l.contains("expected"));
            if (!named) {
                missing.add(key);
            }
        }
        assertEquals(List.of(), missing, "keys without an error naming them\n" + app.describe());
    }

    /** No marker, no canary in the class-load log (which does show the application's classes), no JNDI connection. */
    private void assertNothingRan(ChildJvm app) throws IOException {
        assertFalse(Files.exists(marker), () -> "the canary ran: " + read(marker) + "\n" + app.describe());
        String loaded = loadedClasses();
        assertTrue(loaded.contains(JdbcApp.class.getName() + " "), "the class-load log shows no application class");
        assertFalse(loaded.contains(CANARY), "the canary class was loaded");
        assertEquals(0, jndi.accepted(), "something connected to the JNDI address of a value");
    }

    /** The class names of the child's {@code -Xlog:class+load} lines ({@code [..][info][class,load] NAME source: ...}). */
    private String loadedClasses() throws IOException {
        StringBuilder names = new StringBuilder();
        Matcher m = Pattern.compile("\\[class,load\\s*\\] (\\S+) ").matcher(Files.readString(classLog));
        while (m.find()) {
            names.append(m.group(1)).append(" \n");
        }
        return names.toString();
    }

    /** The file's text once it contains {@code text}, waiting while the child runs (at most {@link FailFast#STARTUP}). */
    private static String awaitInFile(Path file, String text, ChildJvm app) throws IOException {
        long deadline = System.nanoTime() + FailFast.STARTUP.toNanos();
        while (true) {
            boolean ended = !app.isAlive();   // read after: the last lines of a child that just ended count
            String content = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (content.contains(text)) {
                return content;
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in " + file + " (the literal path of watchdog.log.file):\n"
                        + content + "\n" + app.describe());
            }
            FailFast.sleep(Duration.ofMillis(50));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A row of the README's configuration reference: the key and what it takes. */
    record Row(String key, String takes) {

        private static final Pattern ROW = Pattern.compile("^\\| `(watchdog\\.[^`]+)` \\| [^|]* \\| (.+?) \\| .* \\|$");

        static List<Row> reference() throws IOException {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)) {
                Matcher m = ROW.matcher(line);
                if (m.matches()) {
                    rows.add(new Row(m.group(1), m.group(2)));
                }
            }
            assertTrue(rows.size() > 20, "README.md's configuration reference not found: " + rows);
            return rows;
        }

        boolean target() {
            return key.startsWith("watchdog.target.<name>.");
        }

        boolean isCheck() {
            return key.equals("watchdog.target.<name>.check");
        }

        /** Names the application defines, such as its Resilience4j breakers'. */
        boolean names() {
            return takes.equals("name[,name...]");
        }

        boolean freeText() {
            return FREE_TEXT.contains(takes);
        }

        /** The key for target {@code name}; a header row names header X-Canary. */
        String key(String name) {
            return key.replace("<name>", name).replace(".<NAME>", ".X-Canary");
        }
    }

    /** A loopback port that counts connections: where the JNDI values point. */
    private static final class Tripwire implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();

        Tripwire() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "jndi-tripwire");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
