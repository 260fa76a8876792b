package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency returns while calls are still in flight. The proxy blackholes the server, so the calls
 * begun before the breaker opened hang (their client timeouts are seconds: JdbcApp 5 s, HttpApp 10 s);
 * once the target is DOWN and later calls are rejected, the proxy forwards again, delivering what it
 * held. The calls that were in flight then end with their client's own outcome, never with the agent's
 * rejection; the breaker closes; new calls succeed; and the application exits cleanly. This holds with
 * {@code watchdog.breaker.release-waiting=false}; with it on (the default) the calls in flight do not wait for
 * the return: they are released when the breaker opens, which the last two tests prove.
 *
 * <p>Known gap, left to the agent's owners: JdbcApp's {@code connect} kind is two steps, {@code getConnection}
 * then {@code SELECT 1}. A call caught by the blackhole in {@code getConnection} finishes its handshake
 * once the proxy forwards, and its next step then meets the breaker still open (it closes only at the next
 * health check, up to an interval later): the agent rejects a call that began before the outage, after the
 * dependency came back. That kind is held only to ending promptly, not to "never rejected"; the single-step
 * kinds (JDBC statements on open connections, every HTTP kind) are held to both.
 */
class InFlightReturnTest {

    private static final long APP_SECONDS = 12;
    /** The blackhole is held this long after calls are rejected: the calls caught by it are then surely hanging on the wire. */
    private static final Duration HOLD = Duration.ofSeconds(1);
    /**
     * Released calls end this soon after the DOWN line (the shutdown takes microseconds; H2's client then takes
     * up to half a second to give up its session); the blackhole is held {@link #RELEASE_HOLD}, well past it.
     */
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(1);
    private static final Duration RELEASE_HOLD = Duration.ofSeconds(3);
    private static final String RELEASE = "watchdog.breaker.release-waiting";
    /** JdbcApp's multi-step kind: see the class comment. */
    private static final String TWO_STEP = "connect";

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> h2 = ProxiedServer.h2();
    @RegisterExtension
    final ProxiedServer<?> http = ProxiedServer.http();

    @Test
    void jdbcCallsInFlightWhenTheDatabaseReturnsEndOnTheirOwn() throws Exception {
        TcpProxy proxy = h2.proxy();
        Path config = WatchdogConfig.fast().set(RELEASE, "false")
                .target("db", H2TcpServer.url(proxy.port(), "health"))
                .write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(proxy.port(), "demo"), APP_SECONDS)) {
            returnWhileInFlight(app, proxy, "db", "SQLTransientConnectionException", List.of("connect", "statement"));
        }
    }

    @Test
    void jdbcCallsInFlightWhenTheBreakerOpensAreReleased() throws Exception {
        TcpProxy proxy = h2.proxy();
        Path config = WatchdogConfig.fast().target("db", H2TcpServer.url(proxy.port(), "health")).write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(proxy.port(), "demo"), APP_SECONDS)) {
            releasedWhenOpened(app, proxy, "db", List.of("connect", "statement"));
        }
    }

    @Test
    void httpCallsInFlightWhenTheBreakerOpensAreReleased() throws Exception {
        TcpProxy proxy = http.proxy();
        String base = "http://" + proxy.hostPort();
        Path config = WatchdogConfig.fast().target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.httpApp(config, base + "/api", APP_SECONDS)) {
            releasedWhenOpened(app, proxy, "api", List.of("send", "async", "urlconnection"));
        }
    }

    /**
     * Release on (the default): every call caught by the blackhole before the breaker opened ends within
     * {@link #RELEASED_WITHIN} of the DOWN line, with its client's own connection error or the agent's
     * rejection, instead of hanging until its client's timeout (seconds) or the return.
     */
    private static void releasedWhenOpened(ChildJvm app, TcpProxy proxy, String target, List<String> kinds) throws Exception {
        String hostPort = proxy.hostPort();
        FailFast.awaitAgentReady(app, kinds);
        long switched = System.nanoTime();
        proxy.blackhole();
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), switched, FailFast.DETECTION);
        FailFast.sleep(RELEASE_HOLD);
        proxy.forward();
        app.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), System.nanoTime(), FailFast.DETECTION);
        FailFast.assertCleanExit(app);   // every call has ended and printed its line: a hung one ended late
        List<CallLine> caught = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= switched && c.startNanos() < down.nanos())
                .toList();
        assertTrue(caught.stream().anyMatch(c -> !c.ok()), "no call was caught by the blackhole\n" + app.describe());
        for (CallLine c : caught) {
            if (c.endNanos() > down.nanos() + RELEASED_WITHIN.toNanos()) {
                fail("a call caught by the blackhole was not released when the breaker opened: " + c + "\n" + app.describe());
            }
        }
        long latest = caught.stream().mapToLong(c -> c.endNanos() - down.nanos()).max().orElseThrow();
        System.out.printf("released %s: %d calls caught by the blackhole, the last ended %d ms after the DOWN line%n",
                target, caught.size(), Duration.ofNanos(Math.max(0, latest)).toMillis());
    }

    @Test
    void httpCallsInFlightWhenTheServerReturnsEndOnTheirOwn() throws Exception {
        TcpProxy proxy = http.proxy();
        String base = "http://" + proxy.hostPort();
        Path config = WatchdogConfig.fast().set(RELEASE, "false").target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.httpApp(config, base + "/api", APP_SECONDS)) {
            returnWhileInFlight(app, proxy, "api", "ConnectException", List.of("send", "async", "urlconnection"));
        }
    }

    private static void returnWhileInFlight(ChildJvm app, TcpProxy proxy, String target, String exception,
                                            List<String> kinds) throws Exception {
        String hostPort = proxy.hostPort();
        FailFast.awaitAgentReady(app, kinds);

        long switched = System.nanoTime();
        proxy.blackhole();
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), switched, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, exception, hostPort), down.nanos(), FailFast.DETECTION);
        }

        FailFast.sleep(HOLD);

        long restored = System.nanoTime();
        proxy.forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), restored, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }
        FailFast.assertCleanExit(app);

        // in flight: begun after the switch, before the breaker opened, and still going when the proxy forwarded again
        List<CallLine> inFlight = CallLine.all(app).stream()
                .filter(c -> c.startNanos() >= switched && c.startNanos() < down.nanos() && c.endNanos() > restored)
                .toList();
        for (String kind : kinds) {
            long n = inFlight.stream().filter(c -> c.kind().equals(kind)).count();
            assertTrue(n >= 1, "no " + kind + " call was in flight when " + hostPort + " returned\n" + app.describe());
        }
        for (CallLine c : inFlight) {
            if (c.endNanos() > up.nanos() + FailFast.RECOVERY.toNanos()) {
                fail("a call in flight when " + hostPort + " returned still hung well after the breaker closed: " + c + "\n" + app.describe());
            }
            if (c.isRejection() && !c.kind().equals(TWO_STEP)) {
                fail("a call in flight when " + hostPort + " returned was rejected by the agent: " + c + "\n" + app.describe());
            }
        }
        long ok = inFlight.stream().filter(CallLine::ok).count();
        long rejected = inFlight.stream().filter(CallLine::isRejection).count();
        long latest = inFlight.stream().mapToLong(CallLine::endNanos).max().orElseThrow();
        System.out.printf("in flight %s: %d calls (%d OK, %d rejected, %d own errors), last ended %d ms after forward; DOWN %d ms after blackhole, UP %d ms after forward%n",
                target, inFlight.size(), ok, rejected, inFlight.size() - ok - rejected, Duration.ofNanos(latest - restored).toMillis(),
                Duration.ofNanos(down.nanos() - switched).toMillis(), Duration.ofNanos(up.nanos() - restored).toMillis());
    }
}
