package dev.watchdog.testapps.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.Jdks;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-code integrations end to end, in real applications with the agent: the Spring Boot 4 web service
 * ({@code test-apps/spring-boot-web-app}: Actuator, the Prometheus registry, a Resilience4j CircuitBreaker
 * {@code remote} with a fallback around its calls to a web server behind a TcpProxy), and a Spring Boot 3.5 one
 * ({@code test-apps/spring-boot3-app}). The dependency refused then back: its target's DOWN and UP show in
 * {@code /actuator/health} (component {@code watchdog}), in the application's {@code /actuator/prometheus} (the
 * names of the agent's own {@code /metrics}, on too: each family once), in the Resilience4j breaker's state and
 * the fallback's answer; readiness stays UP by default and follows the target with {@code watchdog.spring.readiness}
 * (a health group naming {@code watchdog} passes Boot's start-up validation; that start on Temurin 25 where installed).
 * An application without these libraries gets no integration line and loads no integration class.
 */
class SpringIntegrationsTest {

    private static final Path WEB_APP = Path.of(System.getProperty("watchdog.realapp.jar", "spring-boot-web-app/target/spring-boot-web-app.jar"));
    private static final Path BOOT3_APP = Path.of(System.getProperty("watchdog.boot3.jar", "spring-boot3-app/target/spring-boot3-app.jar"));
    private static final Pattern LISTENING = Pattern.compile("^APP listening port=(\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Spring Boot with Actuator on two cores shared with a build: 10 to 25 s seen. */
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> web = ProxiedServer.http();

    @Test
    void boot4HealthPrometheusAndResilience4jFollowTheTarget() throws Exception {
        int statusPort = freePort();
        Path config = WatchdogConfig.fast().target("api", "http://" + web.proxy().hostPort() + "/health")
                .set("watchdog.target.api.resilience4j", "remote,missing")
                .set("watchdog.status.port", String.valueOf(statusPort))
                .write(dir);
        try (ChildJvm app = start(WEB_APP, config)) {
            String base = "http://127.0.0.1:" + port(app);
            await(base + "/actuator/health", body -> component(body, "api", "UP"));
            assertEquals("CLOSED", get(base + "/breaker").body());
            assertFalse(get(base + "/remote").body().startsWith("FALLBACK"));

            web.proxy().refuse();
            app.awaitLine(ChildJvm.Stream.STDERR, AgentOutput.health("api", "DOWN", web.proxy().hostPort()), WAIT);
            HttpResponse<String> health = await(base + "/actuator/health", body -> component(body, "api", "DOWN"));
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"reason\":"), health.body());
            HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
            assertEquals(200, readiness.statusCode(), "readiness stays UP by default: " + readiness.body());
            assertEquals("FORCED_OPEN", get(base + "/breaker").body());
            assertEquals("FALLBACK CallNotPermittedException", get(base + "/remote").body());
            String prometheus = get(base + "/actuator/prometheus").body();
            assertTrue(prometheus.contains("watchdog_target_up{target=\"api\"} 0.0"), prometheus);
            assertTrue(prometheus.contains("watchdog_breaker_open{host=\"" + web.proxy().hostPort() + "\"} 1.0"), prometheus);
            assertSameFamilies(get("http://127.0.0.1:" + statusPort + "/metrics").body(), prometheus);

            web.proxy().forward();
            app.awaitLine(ChildJvm.Stream.STDERR, AgentOutput.health("api", "UP", web.proxy().hostPort()), WAIT);
            await(base + "/actuator/health", body -> component(body, "api", "UP"));
            assertEquals("CLOSED", get(base + "/breaker").body());
            assertFalse(get(base + "/remote").body().startsWith("FALLBACK"));
            assertTrue(get(base + "/actuator/prometheus").body().contains("watchdog_target_up{target=\"api\"} 1.0"));

            List<String> stderr = app.stderr().stream().map(Line::text).toList();
            assertOnce(stderr, "INFO integration Spring Boot 4\\.0\\.\\d+ attached: health component watchdog$");
            assertOnce(stderr, "INFO integration Micrometer 1\\.\\d+\\.\\d+ attached: ");
            assertOnce(stderr, "INFO integration Resilience4j 2\\.\\d+\\.\\d+ attached: ");
            assertOnce(stderr, "WARN integration watchdog\\.target\\.api\\.resilience4j names CircuitBreaker missing, ");
        }
    }

    @Test
    void readinessKeyPutsTheTargetsIntoReadiness() throws Exception {
        Path config = WatchdogConfig.fast().target("api", "http://" + web.proxy().hostPort() + "/health")
                .set("watchdog.spring.readiness", "true").write(dir);
        // a group of the application's own naming the component: Boot validates its members at start; and Boot's
        // registries off Micrometer's global one: the agent's meters come as a MeterBinder bean instead. On Temurin 25
        // where installed (the hooks' rewrite and the integration loader on the newest JDK), else this JDK.
        Path javaHome = Jdks.find(25).orElse(Path.of(System.getProperty("java.home")));
        try (ChildJvm app = start(Children.jarWithAgent(WEB_APP, config).javaHome(javaHome),
                "--management.endpoint.health.group.deps.include=watchdog", "--management.metrics.use-global-registry=false")) {
            String base = "http://127.0.0.1:" + port(app);
            await(base + "/actuator/health/readiness", body -> component(body, "api", "UP"));
            web.proxy().refuse();
            HttpResponse<String> readiness = await(base + "/actuator/health/readiness", body -> component(body, "api", "DOWN"));
            assertEquals(503, readiness.statusCode(), readiness.body());
            assertTrue(readiness.body().contains("\"readinessState\""), "the application's own member stays: " + readiness.body());
            assertEquals(503, get(base + "/actuator/health/deps").statusCode());
            assertEquals(200, get(base + "/actuator/health/liveness").statusCode());
            String prometheus = get(base + "/actuator/prometheus").body();
            assertTrue(prometheus.contains("watchdog_target_up{target=\"api\"} 0.0"), prometheus);
            assertEquals(1, prometheus.lines().filter(l -> l.startsWith("# TYPE watchdog_target_up ")).count(), prometheus);
            assertOnce(app.stderr().stream().map(Line::text).toList(), "INFO integration Spring Boot 4\\.0\\.\\d+ attached: "
                    + "health component watchdog \\(in the readiness group\\), metrics in the application's registries$");
        }
    }

    @Test
    void boot3HealthAndMetrics() throws Exception {
        Path config = WatchdogConfig.fast().target("api", "http://" + web.proxy().hostPort() + "/health").write(dir);
        try (ChildJvm app = start(BOOT3_APP, config)) {
            String base = "http://127.0.0.1:" + port(app);
            await(base + "/actuator/health", body -> component(body, "api", "UP"));
            web.proxy().refuse();
            await(base + "/actuator/health", body -> component(body, "api", "DOWN"));
            String prometheus = get(base + "/actuator/prometheus").body();
            assertTrue(prometheus.contains("watchdog_target_up{target=\"api\"} 0.0"), prometheus);
            assertTrue(prometheus.contains("watchdog_check_duration_seconds_count{target=\"api\"}"), prometheus);
            List<String> stderr = app.stderr().stream().map(Line::text).toList();
            assertOnce(stderr, "INFO integration Spring Boot 3\\.5\\.\\d+ attached: health component watchdog$");
            assertOnce(stderr, "INFO integration Micrometer 1\\.\\d+\\.\\d+ attached: ");
        }
    }

    @Test
    void anApplicationWithoutTheLibrariesGetsNothing() throws Exception {
        try (H2TcpServer h2 = H2TcpServer.start()) {
            Path config = WatchdogConfig.fast().target("db", "tcp://127.0.0.1:" + h2.port()).write(dir);
            Path classes = dir.resolve("classes.txt");
            try (ChildJvm app = Children.withAgent(JdbcApp.class, config).jvmOption("-Xlog:class+load=info:file=" + classes)
                    .args(H2TcpServer.url(h2.port(), "demo"), "sa", "", Children.PERIOD_MS, 3).start()) {
                FailFast.assertCleanExit(app);
                assertTrue(app.stderr().stream().noneMatch(l -> l.text().contains(" integration ")), app::describe);
            }
            List<String> loaded = Files.readAllLines(classes).stream()
                    .filter(l -> l.contains("dev.watchdog.integration.") || l.contains("dev.watchdog.agent.integrations.HookBytes")
                            || l.contains("dev.watchdog.agent.integrations.IntegrationLoader"))
                    .toList();
            assertEquals(List.of(), loaded, "integration classes loaded in an application without the libraries");
        }
    }

    private ChildJvm start(Path jar, Path config) throws IOException {
        return start(Children.jarWithAgent(jar, config));
    }

    private ChildJvm start(ChildJvm.Builder builder, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none", "--management.health.db.enabled=false",
                "--management.endpoints.web.exposure.include=health,prometheus", "--management.endpoint.health.show-details=always",
                "--management.endpoint.health.probes.enabled=true", "--app.remote-url=http://" + web.proxy().hostPort() + "/api"));
        args.addAll(List.of(more));
        return builder.args(args.toArray()).start();
    }

    private static int port(ChildJvm app) {
        Line line = app.awaitLine(ChildJvm.Stream.STDOUT, LISTENING, STARTUP);
        Matcher m = LISTENING.matcher(line.text());
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    /** The target's component inside {@code watchdog} has this status (as Boot 4 renders it, or Boot 3: status first). */
    private static boolean component(String body, String target, String status) {
        return Pattern.compile("\"watchdog\":\\{(\"status\":\"\\w+\",)?\"components\":\\{.*\"" + Pattern.quote(target)
                + "\":\\{(\"details\":\\{[^}]*\\},)?\"status\":\"" + status + "\"").matcher(body).find();
    }

    private static HttpResponse<String> await(String url, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(url);
                if (ok.test(last.body())) {
                    return last;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never matched; last: " + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every family of the agent's /metrics (but its info) is in the application's Prometheus output, once, and no
     * other; the resource ratios are there from the start (NaN until the first sample), /metrics shows them once known.
     */
    private static void assertSameFamilies(String agentMetrics, String prometheus) {
        Set<String> agent = families(agentMetrics);
        agent.remove("watchdog_agent_info");
        agent.add("watchdog_resource_cpu_ratio");
        agent.add("watchdog_resource_memory_ratio");
        Set<String> app = families(prometheus);
        assertEquals(agent, app, "families: agent /metrics vs the application's /actuator/prometheus");
        for (String family : app) {
            assertEquals(1, prometheus.lines().filter(l -> l.startsWith("# TYPE " + family + " ")).count(), family);
        }
    }

    private static Set<String> families(String text) {
        Set<String> names = new TreeSet<>();
        text.lines().filter(l -> l.startsWith("# TYPE watchdog_")).forEach(l -> names.add(l.split(" ")[2]));
        return names;
    }

    private static void assertOnce(List<String> stderr, String rest) {
        Pattern p = AgentOutput.line(rest);
        assertEquals(1, stderr.stream().filter(l -> p.matcher(l).find()).count(), () -> rest + " once in\n" + String.join("\n", stderr));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
