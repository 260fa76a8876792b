package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.load.ManyTargetsApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fourteen dependencies down at once (12 HTTP servers and 2 H2 databases, each behind its own proxy,
 * all configured targets), one application calling several of them: every target goes DOWN, every
 * called host is rejected fast, the agent's threads stay bounded, then all come back UP and calls work.
 */
class ManyTargetsDownTest {

    private static final int HTTP_SERVERS = 12;
    private static final int DATABASES = 2;
    private static final int TARGETS = HTTP_SERVERS + DATABASES;
    /** The application calls every other HTTP server and both databases. */
    private static final int HTTP_CALLED_EVERY = 2;
    /**
     * Every target must change within one detection bound ({@link FailFast#DETECTION}) plus one more
     * interval: fourteen checks share the agent's scheduler on a loaded two-core machine.
     */
    private static final Duration ALL_DETECTED = FailFast.DETECTION.plusMillis(WatchdogConfig.INTERVAL_MS);
    private static final Duration HOLD = Duration.ofMillis(1_500);
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();
    private static final Pattern THREADS = Pattern.compile("^THREADS watchdog=(\\d+)$");

    @TempDir
    Path dir;

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < HTTP_SERVERS; i++) {
            SwitchableHttpServer server = SwitchableHttpServer.start();
            servers.add(server);
            proxies.add(new TcpProxy(server.port()));
            targets.add("api" + i);
        }
        for (int i = 0; i < DATABASES; i++) {
            H2TcpServer server = H2TcpServer.start();
            servers.add(server);
            proxies.add(new TcpProxy(server.port()));
            targets.add("db" + i);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (TcpProxy proxy : proxies) {
            proxy.close();
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void allDownAtOnceThenAllBackUp() throws Exception {
        WatchdogConfig config = WatchdogConfig.fast();
        List<String> urls = new ArrayList<>();
        List<String> calledHosts = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            TcpProxy proxy = proxies.get(i);
            boolean database = i >= HTTP_SERVERS;
            config.target(targets.get(i), database ? H2TcpServer.url(proxy.port(), "health")
                    : "http://" + proxy.hostPort() + "/health");
            if (database || i % HTTP_CALLED_EVERY == 0) {
                urls.add(database ? H2TcpServer.url(proxy.port(), "demo") : "http://" + proxy.hostPort() + "/api");
                calledHosts.add(proxy.hostPort());
            }
        }
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            kinds.add((urls.get(i).startsWith("jdbc:") ? "jdbc" : "http") + i);
        }
        List<Object> args = new ArrayList<>(List.of(Children.PERIOD_MS, 20));
        args.addAll(urls);
        try (ChildJvm app = Children.withAgent(ManyTargetsApp.class, config.write(dir)).args(args.toArray()).start()) {
            FailFast.awaitAgentReady(app, kinds);
            long baselineThreads = maxThreads(app, 0, System.nanoTime());

            long switched = System.nanoTime();
            for (TcpProxy proxy : proxies) {
                proxy.refuse();
            }
            long lastDown = lastLine(app, "DOWN", switched);
            for (int k = 0; k < kinds.size(); k++) {
                String exception = kinds.get(k).startsWith("jdbc") ? "SQLTransientConnectionException" : "ConnectException";
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kinds.get(k), exception, calledHosts.get(k)), switched, ALL_DETECTED);
            }
            FailFast.sleep(HOLD);

            long restored = System.nanoTime();
            for (TcpProxy proxy : proxies) {
                proxy.forward();
            }
            long lastUp = lastLine(app, "UP", restored);
            for (String kind : kinds) {
                app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), lastUp, FailFast.RECOVERY);
            }
            long recovered = System.nanoTime();

            // Every call begun after the last DOWN line and ended before the restore was the agent's fast rejection.
            List<CallLine> whileDown = CallLine.all(app).stream()
                    .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= lastDown + MARGIN_NANOS && c.endNanos() <= restored)
                    .toList();
            long slowest = 0;
            for (int k = 0; k < kinds.size(); k++) {
                String kind = kinds.get(k);
                String exception = kind.startsWith("jdbc") ? "SQLTransientConnectionException" : "ConnectException";
                List<CallLine> calls = whileDown.stream().filter(c -> c.kind().equals(kind)).toList();
                assertTrue(calls.size() >= 5, "only " + calls.size() + " " + kind + " calls while all were DOWN\n" + app.describe());
                for (CallLine c : calls) {
                    if (!c.isRejection(exception, calledHosts.get(k))) {
                        fail("a " + kind + " call to " + calledHosts.get(k) + " while DOWN was not rejected by the agent: "
                                + c + "\n" + app.describe());
                    }
                    if (c.micros() >= FailFast.REJECTION_MAX_MICROS) {
                        fail("rejected call took " + c.micros() + " us: " + c + "\n" + app.describe());
                    }
                    slowest = Math.max(slowest, c.micros());
                }
            }

            // The checks of fourteen dead targets may each hold a worker at once, no more: no thread per failure.
            long outageThreads = maxThreads(app, switched, recovered);
            assertTrue(baselineThreads > 0, () -> "no THREADS line before the outage\n" + app.describe());
            assertTrue(outageThreads <= baselineThreads + TARGETS, "watchdog- threads: " + baselineThreads
                    + " before the outage, up to " + outageThreads + " during it and the recovery");

            System.out.printf("%d targets: last DOWN %d ms after the refuse (bound %d ms), last UP %d ms after the forward"
                            + " (bound %d ms); %d calls rejected, slowest %d us; watchdog- threads %d before, max %d after%n",
                    TARGETS, millis(lastDown - switched), ALL_DETECTED.toMillis(), millis(lastUp - restored),
                    ALL_DETECTED.toMillis(), whileDown.size(), slowest, baselineThreads, outageThreads);
        }
    }

    /** When the last of the targets' {@code state} lines came, each awaited within {@link #ALL_DETECTED} of {@code since}. */
    private long lastLine(ChildJvm app, String state, long since) {
        long last = 0;
        for (int i = 0; i < TARGETS; i++) {
            Line line = app.awaitLine(Stream.STDERR, AgentOutput.health(targets.get(i), state, proxies.get(i).hostPort()),
                    since, ALL_DETECTED);
            last = Math.max(last, line.nanos());
        }
        return last;
    }

    private static long maxThreads(ChildJvm app, long from, long to) {
        long max = 0;
        for (Line line : app.stdout()) {
            Matcher m = THREADS.matcher(line.text());
            if (line.nanos() >= from && line.nanos() <= to && m.matches()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
