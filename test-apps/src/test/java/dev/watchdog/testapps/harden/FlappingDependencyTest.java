package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.StatusEndpoint;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, "flapping dependency": with {@code unhealthy-threshold=3} and {@code healthy-threshold=2}
 * a server that fails every other health check must not open the breaker. The test refuses connections
 * until it sees a check fail (the agent's {@code watchdog_target_consecutive_failures} gauge), then forwards
 * until it sees a check pass, and so on: the checks fail and pass in turn, about once an interval, and the
 * application's calls meet the refusals for real. No DOWN line may come and no call be rejected by the
 * agent; calls that fail do so with the real error. Then a sustained refusal does make the target DOWN,
 * no sooner than three failed checks allow, and calls rejected; two passed checks bring it back: the
 * thresholds, not a dead agent, kept it stable.
 */
class FlappingDependencyTest {

    private static final int UNHEALTHY_THRESHOLD = 3;
    private static final int HEALTHY_THRESHOLD = 2;
    /** Failed checks (each followed by a passed one) to play before the sustained outage. */
    private static final int FLAPS = 6;
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * How far apart checks are at least: a call that fails to connect or is rejected asks for a check at once,
     * at most every 200 ms per host (the agent's HealthPinger.HURRY_GAP_NANOS), sooner than the interval.
     */
    private static final long MIN_SPACING_MS = 200;
    /** The sustained outage is seen within three intervals (with jitter) and timeouts, plus room for a loaded machine. */
    private static final Duration SUSTAINED_DETECTION = Duration.ofMillis(
            UNHEALTHY_THRESHOLD * (WatchdogConfig.INTERVAL_MS * 11 / 10 + WatchdogConfig.TIMEOUT_MS) + 2_200);
    private static final Duration RECOVERY_DETECTION = Duration.ofMillis(
            HEALTHY_THRESHOLD * (WatchdogConfig.INTERVAL_MS * 11 / 10 + WatchdogConfig.TIMEOUT_MS) + 2_200);
    private static final Pattern ANY_DOWN = AgentOutput.line("[A-Z]+ health .*\\bstate=DOWN\\b");
    /** Lines arrive a little after the call ended; calls begun this soon after the DOWN line are not judged. */
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> h2 = ProxiedServer.h2();
    @RegisterExtension
    final ProxiedServer<?> http = ProxiedServer.http();

    @Test
    void flappingDatabaseKeepsTheBreakerClosedUntilTheOutageIsSustained() throws Exception {
        TcpProxy proxy = h2.proxy();
        String check = H2TcpServer.url(proxy.port(), "health");
        StatusEndpoint status = StatusEndpoint.onFreePort();
        Path config = config("db", check, status).write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(proxy.port(), "demo"), 40)) {
            flapThenOutage(app, proxy, status, "db", "SQLTransientConnectionException", List.of("connect", "statement"));
        }
    }

    @Test
    void flappingHttpServerKeepsTheBreakerClosedUntilTheOutageIsSustained() throws Exception {
        TcpProxy proxy = http.proxy();
        String base = "http://" + proxy.hostPort();
        StatusEndpoint status = StatusEndpoint.onFreePort();
        Path config = config("api", base + "/health", status).write(dir);
        try (ChildJvm app = Children.httpApp(config, base + "/api", 40)) {
            flapThenOutage(app, proxy, status, "api", "ConnectException", List.of("send", "async", "urlconnection"));
        }
    }

    private static WatchdogConfig config(String target, String check, StatusEndpoint status) {
        return WatchdogConfig.fast().target(target, check)
                .set("watchdog.health.unhealthy-threshold", Integer.toString(UNHEALTHY_THRESHOLD))
                .set("watchdog.health.healthy-threshold", Integer.toString(HEALTHY_THRESHOLD))
                .set("watchdog.status.port", Integer.toString(status.port()));
    }

    private static void flapThenOutage(ChildJvm app, TcpProxy proxy, StatusEndpoint status, String target,
                                       String exception, List<String> kinds) throws Exception {
        String hostPort = proxy.hostPort();
        FailFast.awaitAgentReady(app, kinds);
        assertEquals(0, failures(status, target), () -> "a check failed before the flapping\n" + app.describe());

        // flapping: refuse until a check fails, forward until one passes
        long flapStart = System.nanoTime();
        long giveUp = flapStart + Duration.ofMillis(6 * FLAPS * WatchdogConfig.INTERVAL_MS).toNanos();
        int failedChecks = 0;
        int toggles = 0;
        long maxFailures = 0;
        while (failedChecks < FLAPS && System.nanoTime() < giveUp) {
            proxy.refuse();
            toggles++;
            long spell = System.nanoTime();
            // at most two intervals: were the test slow to notice, two failed checks still leave the threshold unmet
            while (millisSince(spell) < 2 * WatchdogConfig.INTERVAL_MS) {
                long f = failures(status, target);
                maxFailures = Math.max(maxFailures, f);
                if (f >= 1) {
                    failedChecks++;
                    break;
                }
                FailFast.sleep(POLL);
            }
            proxy.forward();
            toggles++;
            spell = System.nanoTime();
            while (millisSince(spell) < 3 * WatchdogConfig.INTERVAL_MS) {
                long f = failures(status, target);
                maxFailures = Math.max(maxFailures, f);
                if (f == 0) {
                    break;
                }
                FailFast.sleep(POLL);
            }
        }
        long flapEnd = System.nanoTime();
        assertEquals(FLAPS, failedChecks, () -> "the checks did not fail during the flapping\n" + app.describe());
        assertEquals(0, failures(status, target), () -> "the last check of the flapping did not pass\n" + app.describe());

        // stable: no DOWN line, no call rejected; the refusals reached the application as real errors
        List<Line> downs = app.stderr().stream().filter(l -> ANY_DOWN.matcher(l.text()).find()).toList();
        assertEquals(List.of(), downs, () -> "the breaker opened during the flapping\n" + app.describe());
        List<CallLine> flapping = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= flapStart && c.endNanos() <= flapEnd).toList();
        List<CallLine> rejected = flapping.stream().filter(CallLine::isRejection).toList();
        assertEquals(List.of(), rejected, () -> "calls rejected by the agent during the flapping\n" + app.describe());
        // Every kind must get through; not every kind must fail: H2's client retries a refused connect for up
        // to 2 s, so its fresh connections ride out a short refusal (its statements on open connections do not).
        StringBuilder perKind = new StringBuilder();
        for (String kind : kinds) {
            long ok = flapping.stream().filter(c -> c.kind().equals(kind) && c.ok()).count();
            long failed = flapping.stream().filter(c -> c.kind().equals(kind) && !c.ok()).count();
            assertTrue(ok >= 1, () -> "no " + kind + " call succeeded during the flapping\n" + app.describe());
            perKind.append(perKind.isEmpty() ? "" : ", ").append(kind).append(' ').append(ok).append(" ok/")
                    .append(failed).append(" failed");
        }
        long realFailures = flapping.stream().filter(c -> !c.ok()).count();
        assertTrue(realFailures >= 1, () -> "no call met the refusals during the flapping\n" + app.describe());

        // sustained: DOWN after three failed checks, not after one; calls rejected; UP after two passed
        long switched = System.nanoTime();
        proxy.refuse();
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), switched, SUSTAINED_DETECTION);
        long downMillis = millisBetween(switched, down.nanos());
        assertTrue(downMillis >= (UNHEALTHY_THRESHOLD - 1) * MIN_SPACING_MS, () -> "DOWN " + downMillis
                + " ms after the outage began: sooner than " + UNHEALTHY_THRESHOLD + " failed checks allow\n" + app.describe());
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, exception, hostPort), down.nanos(), FailFast.DETECTION);
        }
        FailFast.sleep(Duration.ofMillis(WatchdogConfig.INTERVAL_MS));
        long restored = System.nanoTime();
        proxy.forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), restored, RECOVERY_DETECTION);
        long upMillis = millisBetween(restored, up.nanos());
        assertTrue(upMillis >= (HEALTHY_THRESHOLD - 1) * MIN_SPACING_MS, () -> "UP " + upMillis
                + " ms after the server came back: sooner than " + HEALTHY_THRESHOLD + " passed checks allow\n" + app.describe());
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }
        List<CallLine> whileDown = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= down.nanos() + MARGIN_NANOS && c.endNanos() <= restored)
                .toList();
        for (CallLine c : whileDown) {
            assertTrue(c.isRejection(exception, hostPort) && c.micros() < FailFast.REJECTION_MAX_MICROS,
                    () -> "a call begun while " + hostPort + " was DOWN was not rejected fast: " + c + "\n" + app.describe());
        }
        System.out.printf("flapping %s: %d toggles in %d ms, %d failed checks (at most %d in a row), %d calls (%s), %d failed"
                        + " with the real error, 0 rejected; sustained outage: DOWN after %d ms, %d calls rejected while DOWN,"
                        + " UP %d ms after the server came back%n",
                target, toggles, millisBetween(flapStart, flapEnd), failedChecks, maxFailures, flapping.size(),
                perKind, realFailures, downMillis, whileDown.size(), upMillis);
    }

    private static long failures(StatusEndpoint status, String target) throws Exception {
        long f = status.metric("watchdog_target_consecutive_failures", "target", target);
        assertTrue(f >= 0, "no watchdog_target_consecutive_failures for " + target);
        return f;
    }

    private static long millisSince(long nanos) {
        return millisBetween(nanos, System.nanoTime());
    }

    private static long millisBetween(long from, long to) {
        return Duration.ofNanos(to - from).toMillis();
    }
}
