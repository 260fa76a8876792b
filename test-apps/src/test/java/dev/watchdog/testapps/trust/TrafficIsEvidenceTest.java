package dev.watchdog.testapps.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.StatusEndpoint;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic is evidence ({@code watchdog.health.max-quiet}): a service running {@code SELECT 1} on PostgreSQL
 * through a HikariCP pool 100 times a second, behind a {@link TcpProxy}, with the agent configured as a user
 * would (a jdbc:postgresql target checked every 500 ms, max-quiet 5 s). The probes are counted on the wire:
 * each is one connection the proxy accepts, the pool's four are made at its start and kept.
 * <ul>
 *   <li>busy: at most one probe per max-quiet (over 10 s at most 3, against about 20 without), and at least
 *       one (after max-quiet a probe runs anyway); the skipped probes are counted on {@code /metrics};</li>
 *   <li>idle: the database is probed at the interval again; when the traffic returns, probes are skipped
 *       again within max-quiet;</li>
 *   <li>an outage while probes are skipped (the proxy refuses, its connections closed): DOWN within
 *       interval + timeout + 2 s.</li>
 * </ul>
 */
class TrafficIsEvidenceTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration MAX_QUIET = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);   // the default
    private static final Duration BUSY = Duration.ofSeconds(10);
    private static final Pattern DOWN = AgentOutput.line("INFO health target=db state=DOWN\\b");

    @TempDir
    Path dir;

    @Test
    void aBusyServiceProbesItsDatabaseOncePerMaxQuiet() throws Exception {
        LocalServers.requirePostgres();
        StatusEndpoint status = StatusEndpoint.onFreePort();
        Path idleFile = dir.resolve("idle");
        try (TcpProxy proxy = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            String url = "jdbc:postgresql://" + proxy.hostPort() + "/postgres";
            Path config = WatchdogConfig.defaults().target("db", url).set("watchdog.target.db.user", "postgres")
                    .set("watchdog.health.interval", INTERVAL.toMillis() + "ms")
                    .set("watchdog.health.max-quiet", MAX_QUIET.toSeconds() + "s")
                    .set("watchdog.status.port", Integer.toString(status.port()))
                    // the statements are evidence once instrumented: from the start, not after the deferred install
                    .set("watchdog.instrument.delay", "0")
                    .write(dir);
            try (ChildJvm app = Children.withAgent(TrafficPhasesApp.class, config)
                    .args(url, "postgres", "", 10, 120, idleFile).start()) {
                FailFast.awaitAgentReady(app, List.of(TrafficPhasesApp.KIND));

                long skippedBefore = status.metric("watchdog_target_probes_skipped_total", "target", "db");
                long busyProbes = probesDuring(proxy, BUSY);
                long skipped = status.metric("watchdog_target_probes_skipped_total", "target", "db") - skippedBefore;
                long calls = okCalls(app);
                System.out.printf("busy %d s: %d probes on the wire, %d skipped, %d calls so far%n",
                        BUSY.toSeconds(), busyProbes, skipped, calls);
                assertTrue(calls >= 500, "the application hardly called (" + calls + " calls): the test proves nothing\n"
                        + app.describe());
                assertTrue(busyProbes <= BUSY.toSeconds() / MAX_QUIET.toSeconds() + 1, busyProbes + " probes in "
                        + BUSY.toSeconds() + " s of traffic: more than one per max-quiet\n" + app.describe());
                assertTrue(busyProbes >= 1, "no probe in " + BUSY.toSeconds() + " s: max-quiet did not force one");
                assertTrue(skipped >= 10, "only " + skipped + " probes counted as skipped on /metrics");

                Files.createFile(idleFile);
                Line idle = app.awaitLine(Stream.STDOUT, Pattern.compile("^PHASE idle$"), FailFast.STARTUP);
                FailFast.sleep(Duration.ofNanos(Math.max(0, idle.nanos() + 1_000_000_000L - System.nanoTime())));   // the last busy window ends
                Duration idleSpan = Duration.ofSeconds(3);
                long idleProbes = probesDuring(proxy, idleSpan);
                System.out.printf("idle %d s: %d probes on the wire%n", idleSpan.toSeconds(), idleProbes);
                assertTrue(idleProbes >= 4, "an idle database was probed " + idleProbes + " times in " + idleSpan.toSeconds()
                        + " s at a " + INTERVAL.toMillis() + " ms interval\n" + app.describe());

                Files.delete(idleFile);
                Line busy = app.awaitLine(Stream.STDOUT, Pattern.compile("^PHASE busy$"), idle.nanos(), FailFast.STARTUP);
                // an idle host is wanted once per max-quiet only (every statement pays while one is): skipping resumes within it
                long idleSkipped = status.metric("watchdog_target_probes_skipped_total", "target", "db");
                long deadline = busy.nanos() + MAX_QUIET.plusSeconds(3).toNanos();
                while (status.metric("watchdog_target_probes_skipped_total", "target", "db") <= idleSkipped) {
                    assertTrue(System.nanoTime() < deadline, "probes were not skipped again within max-quiet of the traffic's return");
                    FailFast.sleep(INTERVAL);
                }
                long refused = System.nanoTime();
                proxy.refuse();
                Duration bound = INTERVAL.plus(TIMEOUT).plusSeconds(2);
                Line down = app.awaitLine(Stream.STDERR, DOWN, refused, bound.plusSeconds(5));
                long millis = TimeUnit.NANOSECONDS.toMillis(down.nanos() - refused);
                System.out.printf("outage while skipping: DOWN after %d ms (bound %d ms)%n", millis, bound.toMillis());
                assertTrue(millis <= bound.toMillis(), "DOWN only " + millis + " ms after the outage began: " + down);
            }
        }
    }

    /** Connections the proxy accepted over {@code span}: the agent's probes (the pool's connections are made at its start). */
    private static long probesDuring(TcpProxy proxy, Duration span) {
        long from = proxy.accepted();
        FailFast.sleep(span);
        return proxy.accepted() - from;
    }

    private static long okCalls(ChildJvm app) {
        return app.stdout().stream().filter(l -> l.text().startsWith("CALL " + TrafficPhasesApp.KIND + " OK")).count();
    }
}
