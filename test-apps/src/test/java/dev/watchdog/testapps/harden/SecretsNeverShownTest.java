package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords and tokens given to the agent (JDBC URL parameter, URL userinfo, a password key, an
 * HTTP header) appear on no surface during an outage: the agent's log, the application's output
 * (its rejection exceptions), /status, /metrics, /health and every JMX attribute. The status
 * endpoint listens on loopback and the agent opens no other port.
 */
class SecretsNeverShownTest {

    private static final List<String> SECRETS = List.of("SECRET1x", "SECRET2x", "SECRET3x", "SECRET4x");

    @TempDir
    Path dir;
    private H2TcpServer h2;
    private TcpProxy dbProxy;
    private TcpProxy pgProxy;
    private SwitchableHttpServer api;
    private TcpProxy apiProxy;

    @BeforeEach
    void servers() throws Exception {
        h2 = H2TcpServer.start();
        dbProxy = new TcpProxy(h2.port());
        pgProxy = new TcpProxy(h2.port());
        pgProxy.refuse();   // a database that is never there: its driver's failures are reported all along
        api = SwitchableHttpServer.start();
        apiProxy = new TcpProxy(api.port());
    }

    @AfterEach
    void stop() {
        apiProxy.close();
        api.close();
        pgProxy.close();
        dbProxy.close();
        h2.close();
    }

    @Test
    void noSecretOnAnySurfaceAndNoPortButTheStatusEndpoint() throws Exception {
        int statusPort = Ports.free();
        int jmxPort = Ports.free();
        String dbUrl = "jdbc:h2:tcp://127.0.0.1:" + dbProxy.port() + "/mem:demo;PASSWORD=" + SECRETS.get(0);
        Path config = WatchdogConfig.fast()
                .target("db", "jdbc:h2:tcp://127.0.0.1:" + dbProxy.port() + "/mem:health;PASSWORD=" + SECRETS.get(0))
                .set("watchdog.target.db.user", "sa")
                .set("watchdog.target.db.password", SECRETS.get(0))   // H2 refuses a URL PASSWORD that differs from the property
                .target("pg", "jdbc:postgresql://postgres:" + SECRETS.get(1) + "@127.0.0.1:" + pgProxy.port() + "/test")
                .set("watchdog.target.pg.hosts", pgProxy.hostPort())
                .set("watchdog.target.pg.password", SECRETS.get(2))
                .target("api", "http://" + apiProxy.hostPort() + "/health")
                .set("watchdog.target.api.header.Authorization", "Bearer " + SECRETS.get(3))
                .set("watchdog.status.port", String.valueOf(statusPort))
                .write(dir);
        ChildJvm.Builder builder = Children.withAgent(JdbcApp.class, config)
                .args(dbUrl, "sa", SECRETS.get(0), Children.PERIOD_MS, 12);
        Jmx.remote(builder, jmxPort);
        try (ChildJvm app = builder.start()) {
            FailFast.awaitAgentReady(app, List.of("connect"));
            long switched = System.nanoTime();
            dbProxy.refuse();
            apiProxy.refuse();
            app.awaitLine(Stream.STDERR, AgentOutput.health("db", "DOWN", dbProxy.hostPort()), switched, FailFast.DETECTION);
            app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", apiProxy.hostPort()), switched, FailFast.DETECTION);
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("connect", "SQLTransientConnectionException", dbProxy.hostPort()),
                    switched, FailFast.DETECTION);

            List<String> surfaces = new ArrayList<>();
            for (String path : List.of("/status", "/metrics", "/health")) {
                surfaces.add(path + ": " + get(statusPort, path));
            }
            surfaces.add("JMX: " + Jmx.allWatchdogAttributes(jmxPort));
            Set<String> listening = Ports.listening(app.pid());
            dbProxy.forward();
            apiProxy.forward();
            FailFast.assertCleanExit(app);
            app.stdout().forEach(l -> surfaces.add("stdout: " + l.text()));
            app.stderr().forEach(l -> surfaces.add("stderr: " + l.text()));

            assertTrue(surfaces.stream().anyMatch(s -> s.startsWith("/status:") && s.contains("\"pg\"")), surfaces.get(0));
            assertTrue(surfaces.stream().anyMatch(s -> s.startsWith("JMX:") && s.contains("Breaker")), "no breaker MBean read");
            for (String surface : surfaces) {
                for (String secret : SECRETS) {
                    assertFalse(surface.contains(secret), secret + " shown on " + surface);
                }
            }
            listening.removeIf(a -> a.endsWith(":" + jmxPort));
            assertTrue(listening.remove("127.0.0.1:" + statusPort), "status endpoint not on loopback: " + listening);
            // the JDK's JMX agent opens one more loopback port of its own (random): compare counts, not numbers
            Set<String> baseline = baselineWithoutAgent();
            assertEquals(baseline.size(), listening.size(),
                    "besides the status endpoint the agent opens no port; with agent " + listening + ", without " + baseline);
        }
    }

    /** Listening sockets of the same application with the same JMX options, without the agent, except the JMX port. */
    private Set<String> baselineWithoutAgent() throws Exception {
        int jmxPort = Ports.free();
        ChildJvm.Builder builder = ChildJvm.builder(JdbcApp.class.getName())
                .args(H2TcpServer.url(h2.port(), "baseline"), "sa", "", Children.PERIOD_MS, 2);
        Jmx.remote(builder, jmxPort);
        try (ChildJvm app = builder.start()) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine("connect"), 0, FailFast.STARTUP);
            Set<String> listening = Ports.listening(app.pid());
            FailFast.assertCleanExit(app);
            listening.removeIf(a -> a.endsWith(":" + jmxPort));
            return listening;
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
