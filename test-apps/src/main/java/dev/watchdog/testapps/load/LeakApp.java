package dev.watchdog.testapps.load;

import dev.watchdog.testapps.Calls;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * Opens and closes {@code calls} H2 connections and makes {@code calls} HTTP requests, first with
 * every breaker closed, then again with an unrelated host's breaker forced open (through the agent's
 * own MBean in this JVM: the gate's "something is open" path), and prints heap-after-GC and thread
 * count at the baseline (after a warm-up) and at the end:
 * {@code BASELINE heap=<bytes> threads=<n>}, {@code PHASE <name> ...}, {@code AFTER heap=<bytes> threads=<n>}, {@code DONE}.
 *
 * <p>Usage: {@code LeakApp <jdbcUrl> <httpUrl> <unrelatedHost> <calls>}
 */
public final class LeakApp {

    private LeakApp() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        URI uri = URI.create(args[1]);
        String unrelated = args[2];
        long calls = Long.parseLong(args[3]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();

        run(jdbcUrl, client, request, Math.min(100, calls)); // warm-up: classes, JIT, pools
        Calls.print("BASELINE " + measure());
        phase("closed", jdbcUrl, client, request, calls / 2);
        ObjectName agent = new ObjectName("watchdog:type=Agent");
        Object said = ManagementFactory.getPlatformMBeanServer().invoke(agent, "forceOpen",
                new Object[] {unrelated}, new String[] {String.class.getName()});
        Calls.print("FORCED " + said);
        phase("unrelated-open", jdbcUrl, client, request, calls / 2);
        Calls.print("AFTER " + measure());
        Calls.print("DONE");
    }

    private static void phase(String name, String jdbcUrl, HttpClient client, HttpRequest request, long n) throws Exception {
        long start = System.nanoTime();
        run(jdbcUrl, client, request, n);
        Calls.print("PHASE " + name + " jdbc=" + n + " http=" + n + " seconds=" + (System.nanoTime() - start) / 1_000_000_000.0
                + " " + measure());
    }

    private static void run(String jdbcUrl, HttpClient client, HttpRequest request, long n) throws Exception {
        for (long i = 0; i < n; i++) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
                c.getAutoCommit();
            }
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("HTTP " + status);
            }
        }
    }

    /** Heap used after a few full GCs, and live threads. */
    private static String measure() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return "heap=" + memory.getHeapMemoryUsage().getUsed() + " threads=" + Thread.activeCount();
    }
}
