package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, "slow dependency": the server still answers, but every chunk through the proxy is held
 * twice the check's timeout. A check that reads (jdbc:, http:) times out, the target goes DOWN with the
 * timeout as its reason, and the application's calls are rejected at once instead of waiting on the slow
 * server; with the delay removed the target comes UP and calls succeed again. (A tcp: check would not see
 * this fault: the connect itself is answered by the proxy at once.)
 */
class SlowDependencyTest {

    /** Twice the check's timeout: every check misses its deadline, yet the application's own timeouts (5 s) do not fire. */
    private static final Duration DELAY = Duration.ofMillis(2 * WatchdogConfig.TIMEOUT_MS);
    /** The agent's reason for a check that missed its deadline ("timed out after 300ms", or a still running one's). */
    private static final Pattern TIMEOUT_REASON = Pattern.compile("reason=\"[^\"]*(timed out|timeout)[^\"]*\"");

    /**
     * The slow calls under way when the breaker opens are left to finish: they prove the delay reached the
     * application (with the release on, they end at the opening; InFlightReturnTest proves that).
     */
    private static final String KEEP_WAITING = "watchdog.breaker.release-waiting";

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> h2 = ProxiedServer.h2();
    @RegisterExtension
    final ProxiedServer<?> http = ProxiedServer.http();

    @Test
    void slowDatabaseGoesDownOnTimeoutAndCallsAreRejectedInsteadOfWaiting() throws Exception {
        TcpProxy proxy = h2.proxy();
        // the agent gives the check's H2 socket reads its timeout, so an abandoned check does not linger
        String check = H2TcpServer.url(proxy.port(), "health");
        Path config = WatchdogConfig.fast().set(KEEP_WAITING, "false").target("db", check).write(dir);
        try (ChildJvm app = Children.jdbcApp(config, H2TcpServer.url(proxy.port(), "demo"), 20)) {
            walk(app, proxy, "db", "SQLTransientConnectionException", List.of("connect", "statement"));
        }
    }

    @Test
    void slowHttpServerGoesDownOnTimeoutAndCallsAreRejectedInsteadOfWaiting() throws Exception {
        TcpProxy proxy = http.proxy();
        String base = "http://" + proxy.hostPort();
        Path config = WatchdogConfig.fast().set(KEEP_WAITING, "false").target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.httpApp(config, base + "/api", 20)) {
            walk(app, proxy, "api", "ConnectException", List.of("send", "async", "urlconnection"));
        }
    }

    private static void walk(ChildJvm app, TcpProxy proxy, String target, String exception, List<String> kinds)
            throws Exception {
        FailFast.Outage outage = FailFast.walk(app, proxy, p -> p.delay(DELAY), target, exception, kinds);
        String down = outage.down().text();
        assertTrue(TIMEOUT_REASON.matcher(down).find(), () -> "DOWN for another reason than the timeout: " + down);

        // while the delay held and before the breaker opened, the calls that went out really were slow:
        // the fault reached the application, and the rejections spared it that wait
        List<CallLine> calls = CallLine.all(app);
        long slowest = calls.stream().filter(c -> kinds.contains(c.kind()) && c.ok()
                        && c.startNanos() >= outage.switchedNanos() && c.startNanos() < outage.down().nanos())
                .mapToLong(CallLine::micros).max().orElse(0);
        assertTrue(slowest >= DELAY.toNanos() / 1_000, () -> "no call slowed by the " + DELAY.toMillis()
                + " ms delay before the breaker opened\n" + app.describe());
        LongSummaryStatistics rejected = calls.stream()
                .filter(c -> c.startNanos() > outage.down().nanos() && c.isRejection(exception, proxy.hostPort()))
                .mapToLong(CallLine::micros).summaryStatistics();
        System.out.printf("slow %s: delay %d ms, DOWN %d ms after the delay began (%s), first rejection +%d ms,"
                        + " slowest call before DOWN %d ms, %d rejected calls max %d us, UP %d ms after the delay ended%n",
                target, DELAY.toMillis(), millis(outage.down().nanos() - outage.switchedNanos()), down,
                millis(outage.firstRejection().nanos() - outage.switchedNanos()), slowest / 1_000,
                rejected.getCount(), rejected.getMax(), millis(outage.up().nanos() - outage.restoredNanos()));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
