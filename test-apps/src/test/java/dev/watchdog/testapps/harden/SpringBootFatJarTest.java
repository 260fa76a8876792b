package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot executable fat jar ({@code test-apps/spring-boot-app}) run with {@code java -javaagent:... -jar}:
 * Boot's launcher loads the application, HikariCP, H2 and spring-web from nested jars (BOOT-INF/lib) with its
 * own class loader. A JdbcTemplate over Boot's HikariDataSource and Boot's RestClient (over the JDK HttpClient)
 * call a real H2 server and a real HTTP server, each behind a proxy. The database blackholed: the pool's
 * {@code getConnection} is rejected at once (Spring's CannotGetJdbcConnectionException around the agent's
 * SQLTransientConnectionException) instead of waiting the pool's connectionTimeout, while the HTTP calls go
 * on; the web server refusing: RestClient's ResourceAccessException around the agent's ConnectException. Both
 * recover, the agent prints its started line once and no warning but the fat jar's one note on its JDBC check
 * (see {@link #EXPECTED_STDERR}), and the application exits normally.
 */
class SpringBootFatJarTest {

    private static final Path JAR = Path.of(System.getProperty("watchdog.springboot.jar", "spring-boot-app/target/spring-boot-app.jar"));
    /** What each getConnection would wait for a blackholed database without the agent (H2's read timeout too). */
    private static final long CONNECTION_TIMEOUT_MS = 10_000;
    /** Long enough for start-up and both outages, short enough for the test to wait for the normal exit. */
    private static final long RUN_SECONDS = 25;

    /**
     * All the child may print on stderr: the agent's started line, its targets' state changes (a cold start on a
     * busy machine may see a first check time out, then pass) and one note that is the fat jar's: H2's driver
     * lies in BOOT-INF/lib, out of the system class loader's sight, so the agent's JDBC check has no driver until
     * the application has connected through it.
     */
    private static final Pattern EXPECTED_STDERR = AgentOutput.line("(INFO agent started "
            + "|INFO health target=(db|api) state=(UP|DOWN) "
            + "|WARN health target=db no JDBC driver on the application's class path accepts this URL yet;)");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> db = ProxiedServer.h2();
    @RegisterExtension
    final ProxiedServer<?> web = ProxiedServer.http();

    @Test
    void poolAndRestClientInsideTheFatJarFailFastAndRecover() throws Exception {
        String api = "http://" + web.proxy().hostPort();
        Path config = WatchdogConfig.fast()
                // H2 reads without a timeout: the agent bounds the check's reads by its own, so it ends at its deadline
                .target("db", H2TcpServer.url(db.proxy().port(), "health"))
                .target("api", api + "/health")
                .write(dir);
        String jdbcUrl = H2TcpServer.url(db.proxy().port(), "demo") + ";NETWORK_TIMEOUT=" + CONNECTION_TIMEOUT_MS;
        try (ChildJvm app = Children.jarWithAgent(JAR, config).args(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT_MS,
                "--app.http-url=" + api + "/api",
                "--app.period-ms=" + Children.PERIOD_MS,
                "--app.max-seconds=" + RUN_SECONDS).start()) {
            // the application really runs under Boot's launcher class loader, with Boot's HikariDataSource
            Line started = app.awaitLine(ChildJvm.Stream.STDOUT, Pattern.compile("^APP started "), FailFast.STARTUP);
            assertTrue(started.text().contains("loader=org.springframework.boot.loader.launch.LaunchedClassLoader")
                    && started.text().contains("datasource=com.zaxxer.hikari.HikariDataSource"), started.text());

            FailFast.Outage dbOutage = FailFast.walk(app, db.proxy(), Mode.BLACKHOLE, "db",
                    "SQLTransientConnectionException", List.of("jdbc"));
            FailFast.Outage apiOutage = FailFast.walk(app, web.proxy(), Mode.REFUSE, "api",
                    "ConnectException", List.of("http"));

            List<CallLine> calls = CallLine.all(app);
            // the database's outage is the database's alone: the HTTP calls made meanwhile all worked
            List<CallLine> httpWhileDbDown = calls.stream().filter(c -> c.kind().equals("http")
                    && c.startNanos() >= dbOutage.down().nanos() && c.endNanos() <= dbOutage.restoredNanos()).toList();
            assertTrue(!httpWhileDbDown.isEmpty() && httpWhileDbDown.stream().allMatch(CallLine::ok),
                    () -> "HTTP calls while only the database was down: " + httpWhileDbDown + "\n" + app.describe());

            // what the application catches: Spring's exception, the agent's as its cause; the pool itself rejected
            assertChain(app, "jdbc", "java.sql.SQLTransientConnectionException at com.zaxxer.hikari.HikariDataSource.getConnection");
            assertChain(app, "http", "java.net.ConnectException at ");

            long[] jdbc = rejectedMicros(calls, "jdbc", dbOutage);
            long[] http = rejectedMicros(calls, "http", apiOutage);
            System.out.printf("FIGURE spring boot fat jar, rejected while DOWN: hikari getConnection via JdbcTemplate"
                            + " median %d us, max %d us (%d calls, connectionTimeout %d ms);"
                            + " RestClient GET median %d us, max %d us (%d calls)%n",
                    jdbc[jdbc.length / 2], jdbc[jdbc.length - 1], jdbc.length, CONNECTION_TIMEOUT_MS,
                    http[http.length / 2], http[http.length - 1], http.length);
            // FailFast bounds every rejection; here: the slowest is still a tiny part of the pool's wait
            assertTrue(jdbc[jdbc.length - 1] * 100 < CONNECTION_TIMEOUT_MS * 1_000,
                    "slowest rejected getConnection " + jdbc[jdbc.length - 1] + " us");

            FailFast.assertCleanExit(app);
            List<Line> stderr = app.stderr();
            assertEquals(1, stderr.stream().filter(l -> AgentOutput.STARTED.matcher(l.text()).find()).count(),
                    () -> "one started line\n" + app.describe());
            assertTrue(stderr.stream().allMatch(l -> EXPECTED_STDERR.matcher(l.text()).find()),
                    () -> "stderr: the agent's started and health lines only, no warning or stack trace\n" + app.describe());
        }
    }

    /**
     * A {@code CHAIN <kind> org.springframework.... > <tail>} line: a Spring exception whose only cause is the
     * agent's (the JDK's own ConnectException for a refused connection has a cause of its own).
     */
    private static void assertChain(ChildJvm app, String kind, String tail) {
        String prefix = "CHAIN " + kind + " org.springframework.";
        assertTrue(app.stdout().stream().map(Line::text)
                        .anyMatch(t -> t.startsWith(prefix) && t.contains(" > " + tail) && t.indexOf(" > ") == t.lastIndexOf(" > ")),
                () -> "no line " + prefix + "<Spring exception> > " + tail + "...\n" + app.describe());
    }

    /** Durations of the agent's rejections of calls begun once the breaker was open, sorted. */
    private static long[] rejectedMicros(List<CallLine> calls, String kind, FailFast.Outage outage) {
        long[] micros = calls.stream().filter(c -> c.kind().equals(kind) && c.isRejection()
                        && c.startNanos() > outage.down().nanos() && c.endNanos() <= outage.restoredNanos())
                .mapToLong(CallLine::micros).sorted().toArray();
        assertTrue(micros.length > 0, "no rejected " + kind + " call");
        return micros;
    }
}
