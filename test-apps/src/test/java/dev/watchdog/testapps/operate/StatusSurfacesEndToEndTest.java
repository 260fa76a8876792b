package dev.watchdog.testapps.operate;

import dev.watchdog.testapps.support.ProxiedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.HttpApp;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees and does in a running JVM with the agent, through the real surfaces:
 * the MBeans over the JVM's local JMX connector (read during an outage, notifications, forceOpen and
 * release), and the status endpoint ({@code /metrics} values across the outage, {@code /health} 503 then
 * 200). The exposition format is judged by promtool in the agent's own StatusEndpointTest.
 */
class StatusSurfacesEndToEndTest {

    private static final String REJECTION = "ConnectException";
    private static final List<String> KINDS = List.of("send", "urlconnection");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void jmxAndEndpointFollowAnOutageAndAForcedBreaker() throws Exception {
        int statusPort = freePort();
        String base = "http://" + server.proxy().hostPort();
        String host = server.proxy().hostPort();
        Path config = WatchdogConfig.fast().target("api", base + "/health")
                .set("watchdog.status.port", Integer.toString(statusPort)).write(dir);
        String endpoint = "http://127.0.0.1:" + statusPort;

        try (ChildJvm app = Children.httpApp(config, base + "/api", 40)) {
            FailFast.awaitAgentReady(app, KINDS);
            assertEquals(200, get(endpoint + "/health").statusCode());
            String healthy = get(endpoint + "/metrics").body();
            assertEquals(1.0, sample(healthy, "watchdog_target_up", "target", "api"), healthy);
            // a breaker is made the first time its host goes DOWN: none yet, or a closed one
            assertTrue(sampleOr(healthy, "watchdog_breaker_open", "host", host, 0.0) == 0.0, healthy);

            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(localJmx(app.pid())))) {
                MBeanServerConnection jmx = connector.getMBeanServerConnection();
                ObjectName breaker = new ObjectName("watchdog:type=Breaker,name=" + ObjectName.quote(host));
                // the Agent bean re-emits every breaker and target change (userData: the host or target),
                // so one subscription made before the breaker exists sees them all
                BlockingQueue<AttributeChangeNotification> changes = new LinkedBlockingQueue<>();
                jmx.addNotificationListener(new ObjectName("watchdog:type=Agent"),
                        (n, handback) -> changes.add((AttributeChangeNotification) n), null, null);

                // the outage
                long switched = System.nanoTime();
                server.proxy().refuse();
                app.awaitLine(Stream.STDERR, AgentOutput.health("api", "DOWN", host), switched, FailFast.DETECTION);
                // told by the health listener at once, not at the next 2 s sync
                assertChange(changes, "api", "UP", "DOWN", Duration.ofMillis(1_000));
                assertChange(changes, host, "CLOSED", "OPEN", Duration.ofMillis(1_000));
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("send", REJECTION, host), switched, FailFast.DETECTION);
                assertEquals("OPEN", jmx.getAttribute(breaker, "State"));
                assertEquals(Boolean.TRUE, jmx.getAttribute(breaker, "Open"));
                // rejections are counted on the agent's own thread, handed over within 20 ms while a breaker is open
                long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                while ((Long) jmx.getAttribute(breaker, "RejectedCalls") == 0 && System.nanoTime() < deadline) {
                    FailFast.sleep(Duration.ofMillis(10));
                }
                assertTrue((Long) jmx.getAttribute(breaker, "RejectedCalls") > 0);
                assertTrue(String.valueOf(jmx.getAttribute(breaker, "Reason")).contains("api"));

                HttpResponse<String> down = get(endpoint + "/health");
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"api\""), down.body());
                String outage = get(endpoint + "/metrics").body();
                assertEquals(0.0, sample(outage, "watchdog_target_up", "target", "api"), outage);
                assertEquals(1.0, sample(outage, "watchdog_breaker_open", "host", host), outage);
                assertTrue(sample(outage, "watchdog_breaker_rejected_calls_total", "host", host) > 0, outage);
                assertTrue(sample(outage, "watchdog_target_consecutive_failures", "target", "api") >= 1, outage);

                // recovery
                long restored = System.nanoTime();
                server.proxy().forward();
                Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("api", "UP", host), restored, FailFast.DETECTION);
                assertChange(changes, "api", "DOWN", "UP", Duration.ofMillis(1_000));
                app.awaitLine(Stream.STDOUT, CallLine.okLine("send"), up.nanos(), FailFast.RECOVERY);
                assertChange(changes, host, "OPEN", "CLOSED");
                assertEquals(200, get(endpoint + "/health").statusCode());
                String after = get(endpoint + "/metrics").body();
                assertEquals(1.0, sample(after, "watchdog_target_up", "target", "api"), after);
                assertEquals(0.0, sample(after, "watchdog_breaker_open", "host", host), after);
                assertTrue(sample(after, "watchdog_breaker_rejected_calls_total", "host", host)
                        >= sample(outage, "watchdog_breaker_rejected_calls_total", "host", host), "a counter never goes down");

                // an operator forces the breaker open while the host is healthy, then releases it
                long forced = System.nanoTime();
                String said = String.valueOf(jmx.invoke(breaker, "forceOpen", null, null));
                assertTrue(said.contains(host), said);
                assertChange(changes, host, "CLOSED", "FORCED_OPEN");
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("urlconnection", REJECTION, host), forced, FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(2 * WatchdogConfig.INTERVAL_MS));
                assertEquals("FORCED_OPEN", jmx.getAttribute(breaker, "State"), "a forced state survives passing checks");
                String forcedScrape = get(endpoint + "/metrics").body();
                assertEquals(1.0, sample(forcedScrape, "watchdog_breaker_forced", "host", host), forcedScrape);
                assertEquals(1.0, sample(forcedScrape, "watchdog_breaker_open", "host", host), forcedScrape);
                assertEquals(200, get(endpoint + "/health").statusCode(), "the target itself is UP");

                long released = System.nanoTime();
                jmx.invoke(breaker, "release", null, null);
                assertChange(changes, host, "FORCED_OPEN", "CLOSED");
                for (String kind : KINDS) {
                    app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), released, FailFast.RECOVERY);
                }
                assertEquals("CLOSED", jmx.getAttribute(breaker, "State"));
            }
        }
    }

    /** The JVM's local JMX connector address, started through the Attach API if need be: no network port. */
    private static String localJmx(long pid) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    /** A notification about {@code about} (host or target) from {@code from} to {@code to} has come or comes, in whatever order. */
    private static void assertChange(BlockingQueue<AttributeChangeNotification> changes, String about, String from, String to)
            throws InterruptedException {
        assertChange(changes, about, from, to, FailFast.DETECTION);
    }

    private static void assertChange(BlockingQueue<AttributeChangeNotification> changes, String about, String from, String to,
                                     Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            synchronized (changes) {
                for (AttributeChangeNotification n : changes) {
                    if (about.equals(n.getUserData()) && from.equals(n.getOldValue()) && to.equals(n.getNewValue())) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                List<String> seen = changes.stream()
                        .map(n -> n.getUserData() + " " + n.getAttributeName() + " " + n.getOldValue() + "->" + n.getNewValue()).toList();
                throw new AssertionError("no notification " + about + " " + from + " -> " + to + "; saw " + seen);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of {@code name{label="value"}} in a Prometheus text scrape. */
    private static double sample(String scrape, String name, String label, String value) {
        double v = sampleOr(scrape, name, label, value, Double.NaN);
        if (Double.isNaN(v)) {
            throw new AssertionError("no " + name + "{" + label + "=\"" + value + "\"} in\n" + scrape);
        }
        return v;
    }

    private static double sampleOr(String scrape, String name, String label, String value, double absent) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{(?:[^}]*,)?" + label + "=\""
                + Pattern.quote(value) + "\"[^}]*\\} (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : absent;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
