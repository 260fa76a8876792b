package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.load.LeakApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.StatusHttpServer;
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
 * H2 connections opened and closed and HTTP requests made through the agent, first with every
 * breaker closed, then with an unrelated host's breaker open: heap after GC and thread count end
 * within 10 % of the warmed-up baseline (heap: plus 2 MiB for GC noise on a small heap). Normal build:
 * a 400-call smoke run (100 of each kind per phase: a connect + request pair costs ~48 ms here, see the report). The soak, 1,000,000 of each kind:
 * {@code mvn -B -pl test-apps -am verify -Dwatchdog.soak=true -Dtest=LeakSoakTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LeakSoakTest {

    private static final long SMOKE_CALLS_PER_KIND = 200;
    private static final long SOAK_CALLS_PER_KIND = 1_000_000;
    private static final long HEAP_SLACK = 2L << 20;
    private static final Pattern MEASURE = Pattern.compile("heap=(\\d+) threads=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void heapAndThreadsReturnToBaseline() throws Exception {
        boolean soak = Boolean.getBoolean("watchdog.soak");
        long calls = Long.getLong("watchdog.soak.calls", soak ? SOAK_CALLS_PER_KIND : SMOKE_CALLS_PER_KIND);
        try (H2TcpServer h2 = H2TcpServer.start(); StatusHttpServer http = StatusHttpServer.start();
             StatusHttpServer other = StatusHttpServer.start(); TcpProxy unrelated = new TcpProxy(other.port())) {
            Path config = WatchdogConfig.fast()
                    .target("db", "tcp://127.0.0.1:" + h2.port())
                    .target("api", "http://127.0.0.1:" + http.port() + "/health")
                    .target("other", "tcp://" + unrelated.hostPort())
                    .write(dir);
            try (ChildJvm app = Children.withAgent(LeakApp.class, config).jvmOption("-Xmx256m")
                    .args(H2TcpServer.url(h2.port(), "leak"), "http://127.0.0.1:" + http.port() + "/api", unrelated.hostPort(), calls)
                    .start()) {
                assertEquals(0, app.awaitExit(Duration.ofMinutes(soak ? 60 : 2)), () -> "exit\n" + app.describe());
                String out = app.describe();
                long[] base = measure(app, "BASELINE ", out);
                long[] after = measure(app, "AFTER ", out);
                app.stdout().stream().filter(l -> l.text().startsWith("PHASE") || l.text().startsWith("FORCED"))
                        .forEach(l -> System.out.println("leak soak (" + calls + " per kind): " + l.text()));
                System.out.printf("leak soak (%d per kind): baseline heap=%d threads=%d, after heap=%d threads=%d%n",
                        calls, base[0], base[1], after[0], after[1]);
                assertTrue(app.stdout().stream().anyMatch(l -> l.text().startsWith("FORCED")), out);
                assertTrue(after[0] <= base[0] * 1.10 + HEAP_SLACK, "heap after GC grew from " + base[0] + " to " + after[0] + "\n" + out);
                assertTrue(after[1] <= Math.ceil(base[1] * 1.10), "threads grew from " + base[1] + " to " + after[1] + "\n" + out);
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
