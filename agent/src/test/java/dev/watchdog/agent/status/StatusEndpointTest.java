package dev.watchdog.agent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.status.surfaces.StatusService;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusEndpointTest {

    private final TestSource source = new TestSource();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StatusService status;
    private String base;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        status = new StatusService(source, source.ops, port, "127.0.0.1", javax.management.MBeanServerFactory.newMBeanServer());
        source.breakers.setListener(status.breakerListener());
        status.start();
        JmxTest.await(() -> status.httpAddress() != null, "endpoint started");
        base = "http://" + status.httpAddress();
        assertEquals("127.0.0.1:" + port, status.httpAddress());
    }

    @AfterEach
    void stop() {
        source.breakers.targetUp("db", List.of("db:5432"));
        status.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsFollowAnOutage() throws Exception {
        source.targets = List.of(TestSource.target("db", "UP", "", "db:5432"));
        source.files.add(new FileStatus("C:\\conf\\\"odd\"\nname.properties", "abc", Instant.EPOCH, false, 3));
        source.resources = new ResourceStatus(Instant.EPOCH, 0.25, 0.5, "NORMAL", Map.of("heapUsed", "12"));
        HttpResponse<String> healthy = get("/metrics");
        assertEquals(200, healthy.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", healthy.headers().firstValue("Content-Type").orElse(""));
        assertTrue(healthy.body().contains("watchdog_target_up{target=\"db\"} 1\n"), healthy.body());
        assertTrue(healthy.body().contains("watchdog_check_duration_seconds_count{target=\"db\"} 10\n"));
        assertTrue(healthy.body().contains("watchdog_target_probes_skipped_total{target=\"db\"} 4\n"), healthy.body());
        assertTrue(healthy.body().contains("watchdog_resource_cpu_ratio 0.25\n"));
        assertTrue(healthy.body().contains("watchdog_file_changes_total{path=\"C:\\\\conf\\\\\\\"odd\\\"\\nname.properties\"} 3\n"),
                healthy.body());

        source.targets = List.of(TestSource.target("db", "DOWN", "Connection refused", "db:5432"));
        source.breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        source.breakers.rejected("db:5432");
        source.breakers.rejected("db:5432");
        String outage = get("/metrics").body();
        assertTrue(outage.contains("watchdog_target_up{target=\"db\"} 0\n"), outage);
        assertTrue(outage.contains("watchdog_breaker_open{host=\"db:5432\"} 1\n"), outage);
        assertTrue(outage.contains("watchdog_breaker_rejected_calls_total{host=\"db:5432\"} 2\n"), outage);

        source.targets = List.of(TestSource.target("db", "UP", "", "db:5432"));
        source.breakers.targetUp("db", List.of("db:5432"));
        String recovered = get("/metrics").body();
        assertTrue(recovered.contains("watchdog_breaker_open{host=\"db:5432\"} 0\n"), recovered);
        assertTrue(recovered.contains("watchdog_breaker_rejected_calls_total{host=\"db:5432\"} 2\n"), "a counter never goes back");
    }

    /**
     * Prometheus' own linter on a scrape in every state a breaker and a target can be in, with the odd
     * names escaping must handle: its own test, so the outage assertions above never wait behind it.
     */
    @Test
    void everyScrapePassesPromtool() throws Exception {
        Path promtool = Promtool.find();
        source.files.add(new FileStatus("C:\\conf\\\"odd\"\nname.properties", "abc", Instant.EPOCH, false, 3));
        source.resources = new ResourceStatus(Instant.EPOCH, 0.25, 0.5, "NORMAL", Map.of("heapUsed", "12"));
        source.targets = List.of(TestSource.target("db", "UP", "", "db:5432"), TestSource.target("api", "UP", "", "api:80"));
        Promtool.assertValid(promtool, get("/metrics").body());

        source.targets = List.of(TestSource.target("db", "DOWN", "FATAL: \"bad\"\tthing", "db:5432"),
                TestSource.target("api", "UP", "", "api:80"));
        source.breakers.targetDown("db", List.of("db:5432"), "FATAL: \"bad\"\tthing");
        source.breakers.rejected("db:5432");
        source.breakers.forceOpen("api:80");
        source.breakers.forceClosed("cache:6379");
        Promtool.assertValid(promtool, get("/metrics").body());

        source.targets = List.of(TestSource.target("db", "UP", "", "db:5432"), TestSource.target("api", "UP", "", "api:80"));
        source.breakers.targetUp("db", List.of("db:5432"));
        source.breakers.release("api:80");
        source.breakers.release("cache:6379");
        Promtool.assertValid(promtool, get("/metrics").body());
    }

    @Test
    void healthIs200OnlyWhenEveryTargetIsUp() throws Exception {
        source.targets = List.of(TestSource.target("db", "UP", "", "db:5432"), TestSource.target("api", "UP", "", "api:80"));
        HttpResponse<String> up = get("/health");
        assertEquals(200, up.statusCode());
        assertEquals("{\"status\":\"UP\",\"targets\":{\"api\":\"UP\",\"db\":\"UP\"}}", up.body());

        source.targets = List.of(TestSource.target("db", "DOWN", "Connection refused", "db:5432"),
                TestSource.target("api", "UP", "", "api:80"));
        HttpResponse<String> down = get("/health");
        assertEquals(503, down.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"targets\":{\"api\":\"UP\",\"db\":\"DOWN\"}}", down.body());
        assertEquals("application/json", down.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void statusServesTheFactsEscapedAndNothingSecret() throws Exception {
        TargetStatus t = TestSource.target("db", "DOWN", "FATAL: \"bad\"\tthing for jdbc:postgresql://u:hunter2@db:5432/x", "db:5432");
        source.targets = List.of(new TargetStatus("db", "JDBC", "jdbc:postgresql://db:5432/x?password=hunter2", t.hosts(),
                t.health(), t.since(), t.lastCheck(), t.lastLatency(), t.reason(), 3, 0, t.recentTransitions(), 1, 0.1, 9));
        source.breakers.targetDown("db", List.of("db:5432"), t.reason());
        HttpResponse<String> r = get("/status");
        assertEquals(200, r.statusCode());
        String body = r.body();
        assertFalse(body.contains("hunter2"), body);
        assertTrue(body.contains("\"check\":\"jdbc:postgresql://db:5432/x?password=***\""), body);
        assertTrue(body.contains("FATAL: \\\"bad\\\"\\tthing"), body);
        assertTrue(body.contains("\"state\":\"OPEN\""), body);
        assertTrue(body.contains("\"probesSkipped\":9"), body);
        assertTrue(body.contains("\"configHash\":\"abc123\""), body);
        assertTrue(body.contains("\"cpuRatio\":null"), "unknown resources are null, not NaN: " + body);
        assertFalse(get("/metrics").body().contains("hunter2"));
    }

    @Test
    void unknownPathsAndMethodsAreRefusedAndTheServerThreadsAreDaemons() throws Exception {
        assertEquals(404, get("/nope").statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HTTP-Dispatcher") || thread.getName().startsWith("watchdog-status")) {
                assertTrue(thread.isDaemon(), thread.getName() + " must not keep the application alive");
            }
        }
    }
}
