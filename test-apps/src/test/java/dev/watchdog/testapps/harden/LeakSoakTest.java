package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.load.LeakApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 connections opened and closed and HTTP requests made through the agent, half with every
 * breaker closed, half with an unrelated host's breaker open: heap after GC and live thread count
 * at the end of each phase stay within 10 % of the warmed-up baseline (heap: plus 2 MiB for GC
 * noise on a small heap). Health checks every 500 ms with a 2 s timeout and 3 failures to DOWN:
 * the loop keeps the cores busy. Each H2 connection is a new loopback TCP connection; the HTTP requests
 * reuse one keep-alive connection (see {@link LeakApp}). The HTTP server answers with TCP_NODELAY
 * (without it each response waited ~40 ms for the client's delayed ACK): a connect + request pair
 * costs about 1 ms here (H2 connect + close 0.7-1.0 ms, HTTP request 0.25-0.3 ms).
 *
 * <p>Per call: the heap after GC grows by less than {@link #PER_CALL_BOUND} bytes a call over {@link #PER_CALL_N}
 * calls to healthy hosts (statements on a held connection and HTTP requests, in turn) and as many calls rejected by an
 * open breaker (HTTP, JDBC connect, raw socket): a 2 KB-per-call leak would grow it by 40 MB and fail, where
 * the 10 % bound above lets a few MB pass. The same in the smoke and the soak.
 *
 * <p>Normal build: a smoke run of 1,000 of each kind, then the per-call measure (about 30 s). The soak, 1,000,000 of each
 * kind (500,000 per phase; 19 minutes on 2 shared cores, 750 to 1,070 pairs a second):
 * {@code mvn -B -pl test-apps -am verify -Dwatchdog.soak=true -Dtest=LeakSoakTest -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dwatchdog.soak.calls=<n>} sets another count per kind. The phase lines are printed to
 * {@code test-apps/target/surefire-reports/dev.watchdog.testapps.harden.LeakSoakTest-output.txt}.
 */
class LeakSoakTest {

    private static final long SMOKE_CALLS_PER_KIND = 1_000;
    private static final long SOAK_CALLS_PER_KIND = 1_000_000;
    private static final long HEAP_SLACK = 2L << 20;
    /** Generous bound on one connect + request pair, for the child's deadline only. */
    private static final Duration PAIR_BOUND = Duration.ofMillis(10);
    private static final Pattern MEASURE = Pattern.compile("heap=(\\d+) threads=(\\d+)");
    /** Calls per per-call phase: 2 KB each would be 40 MB, far above the few MB of GC noise. */
    private static final long PER_CALL_N = 20_000;
    /** Retained heap a call may add, averaged over {@link #PER_CALL_N}: a quarter of the 2 KB leak it must catch. */
    private static final long PER_CALL_BOUND = 512;
    /** Generous bound on one per-call iteration (about 0.3 ms closed, 0.1 ms rejected), for the child's deadline only. */
    private static final Duration PER_CALL_ITERATION_BOUND = Duration.ofMillis(5);

    @TempDir
    Path dir;

    @Test
    void heapAndThreadsReturnToBaseline() throws Exception {
        boolean soak = Boolean.getBoolean("watchdog.soak");
        long calls = Long.getLong("watchdog.soak.calls", soak ? SOAK_CALLS_PER_KIND : SMOKE_CALLS_PER_KIND);
        try (H2TcpServer h2 = H2TcpServer.start(); SwitchableHttpServer http = SwitchableHttpServer.start();
             SwitchableHttpServer other = SwitchableHttpServer.start(); TcpProxy unrelated = new TcpProxy(other.port())) {
            // checks every 500 ms as usual, but tolerant ones: the loop keeps both cores busy for
            // minutes and one slow answer must not open a breaker the soak depends on being closed
            Path config = WatchdogConfig.fast()
                    .set("watchdog.health.timeout", "2s")
                    .set("watchdog.health.unhealthy-threshold", "3")
                    .target("db", "tcp://127.0.0.1:" + h2.port())
                    .target("api", "http://127.0.0.1:" + http.port() + "/health")
                    .target("other", "tcp://" + unrelated.hostPort())
                    .write(dir);
            try (ChildJvm app = Children.withAgent(LeakApp.class, config).jvmOption("-Xmx256m")
                    .args(H2TcpServer.url(h2.port(), "leak"), "http://127.0.0.1:" + http.port() + "/api", unrelated.hostPort(), calls,
                            PER_CALL_N)
                    .start()) {
                Duration deadline = Duration.ofMinutes(2).plus(PAIR_BOUND.multipliedBy(calls))
                        .plus(PER_CALL_ITERATION_BOUND.multipliedBy(2 * PER_CALL_N));
                assertEquals(0, app.awaitExit(deadline), () -> "exit\n" + app.describe());
                String out = app.describe();
                app.stdout().stream().filter(l -> l.text().matches("(BASELINE|PHASE|FORCED|AFTER|PER-CALL) .*"))
                        .forEach(l -> System.out.println("leak soak (" + calls + " per kind): " + l.text()));
                app.stderr().stream().filter(l -> l.text().contains(" health target="))
                        .forEach(l -> System.out.println("leak soak (" + calls + " per kind): agent: " + l.text()));
                assertTrue(app.stdout().stream().anyMatch(l -> l.text().startsWith("FORCED")), out);
                long[] base = measure(app, "BASELINE ", out);
                for (String end : new String[] {"PHASE closed ", "PHASE unrelated-open ", "AFTER "}) {
                    long[] after = measure(app, end, out);
                    assertTrue(after[0] <= base[0] * 1.10 + HEAP_SLACK,
                            end + ": heap after GC grew from " + base[0] + " to " + after[0] + "\n" + out);
                    assertTrue(after[1] <= Math.ceil(base[1] * 1.10), end + ": threads grew from " + base[1] + " to " + after[1] + "\n" + out);
                }
                long before = measure(app, "PER-CALL start ", out)[0];
                for (String phase : new String[] {"PER-CALL closed ", "PER-CALL open "}) {
                    long heap = measure(app, phase, out)[0];
                    long perCall = (heap - before) / PER_CALL_N;
                    System.out.println("leak soak: " + phase + "retained " + perCall + " bytes a call");
                    assertTrue(perCall < PER_CALL_BOUND, phase + "retained " + perCall + " bytes a call (heap after GC "
                            + before + " -> " + heap + " over " + PER_CALL_N + " calls)\n" + out);
                    before = heap;
                }
            }
        }
    }

    private static long[] measure(ChildJvm app, String prefix, String out) {
        String line = app.stdout().stream().map(ChildJvm.Line::text).filter(t -> t.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "line\n" + out));
        Matcher m = MEASURE.matcher(line);
        assertTrue(m.find(), line);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
