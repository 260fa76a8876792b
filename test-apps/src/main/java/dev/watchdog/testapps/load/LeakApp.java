package dev.watchdog.testapps.load;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.Calls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

/**
 * Opens and closes {@code calls} H2 connections and makes {@code calls} HTTP requests, half of each
 * with every breaker closed, half again with an unrelated host's breaker forced open (through the
 * agent's own MBean in this JVM: the gate's "something is open" path), and prints heap-after-GC and
 * live thread count at the baseline (after a warm-up) and after each phase.
 *
 * <p>Each H2 connection is a new TCP connection (H2's TCP client opens one socket per JDBC
 * connection); the HTTP requests go through one {@link HttpClient}, which keeps its connection alive,
 * as real clients do. At the end of each phase the app counts, from {@code /proc/net/tcp[6]} (Linux),
 * the loopback TCP connections to each server port the kernel still holds, by state: the H2 ones
 * sit in TIME_WAIT for a minute after their close, the HTTP one stays established.
 *
 * <p>Then the per-call measure, the forced breaker still open: after a warm-up, heap after GC before and
 * after {@code perCallN} calls to the healthy hosts (statements on one held H2 connection and HTTP requests, in
 * turn: no new connection, so only what the agent does per call can grow the heap), then after {@code perCallN}
 * calls to the forced-open host, each rejected by the agent (an HTTP request, a JDBC connect and a raw socket
 * connect; a call that is not rejected ends the app with an error).
 *
 * <p>Output: {@code BASELINE heap=<bytes> threads=<n>}, {@code PHASE <name> jdbc=<n> http=<n>
 * seconds=<s> pairs/s=<r> jdbc-ms=<mean> http-ms=<mean> heap=<bytes> threads=<n> h2-tcp=<state:count,..>
 * http-tcp=<state:count,..>}, {@code FORCED ...}, {@code AFTER heap=<bytes> threads=<n>} (the last phase's),
 * {@code PER-CALL start heap=<bytes> ...}, {@code PER-CALL closed calls=<n> seconds=<s> heap=<bytes> ...},
 * {@code PER-CALL open calls=<n> seconds=<s> heap=<bytes> ...}, {@code DONE}.
 *
 * <p>Usage: {@code LeakApp <jdbcUrl> <httpUrl> <unrelatedHost> <calls> <perCallN>}
 */
public final class LeakApp {

    private static final int WARM_UP = 1_000;

    private final String jdbcUrl;
    private final HttpClient client;
    private final HttpRequest request;
    private final int h2Port;
    private final int httpPort;
    private long jdbcNanos;
    private long httpNanos;

    private LeakApp(String jdbcUrl, URI uri) {
        this.jdbcUrl = jdbcUrl;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        this.h2Port = URI.create(jdbcUrl.substring("jdbc:h2:".length())).getPort();
        this.httpPort = uri.getPort();
    }

    public static void main(String[] args) throws Exception {
        LeakApp app = new LeakApp(args[0], URI.create(args[1]));
        String unrelated = args[2];
        long calls = Long.parseLong(args[3]);

        app.run(Math.min(WARM_UP, calls / 2)); // warm-up: classes, JIT, pools
        Calls.print("BASELINE " + measure());
        app.phase("closed", calls / 2);
        ObjectName agent = new ObjectName("watchdog:type=Agent");
        Object said = ManagementFactory.getPlatformMBeanServer().invoke(agent, "forceOpen",
                new Object[] {unrelated}, new String[] {String.class.getName()});
        Calls.print("FORCED " + said);
        String after = app.phase("unrelated-open", calls - calls / 2);
        Calls.print("AFTER " + after);
        app.perCall(unrelated, Long.parseLong(args[4]));
        Calls.print("DONE");
    }

    /** The per-call measure (see the class comment): the unrelated host's breaker is open. */
    private void perCall(String openHost, long n) throws Exception {
        String open = CallLine.REJECTION_PREFIX + openHost;
        HttpRequest rejectedRequest = HttpRequest.newBuilder(URI.create("http://" + openHost + "/api"))
                .timeout(Duration.ofSeconds(5)).build();
        String rejectedUrl = "jdbc:h2:tcp://" + openHost + "/mem:leak";
        URI socketTarget = URI.create("tcp://" + openHost);
        try (Connection held = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            long[] count = {0};
            Calls.Call closed = () -> {
                if (count[0]++ % 2 == 0) {
                    try (Statement st = held.createStatement()) {
                        st.execute("SELECT 1");
                    }
                    return;
                }
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("HTTP " + status);
                }
            };
            Calls.Call rejected = () -> {
                expectRejection(open, () -> client.send(rejectedRequest, HttpResponse.BodyHandlers.discarding()));
                expectRejection(open, () -> DriverManager.getConnection(rejectedUrl, "sa", "").close());
                expectRejection(open, () -> new Socket(socketTarget.getHost(), socketTarget.getPort()).close());
            };
            repeat(closed, WARM_UP);
            repeat(rejected, WARM_UP);
            Calls.print("PER-CALL start " + measure());
            Calls.print("PER-CALL closed calls=" + n + " " + timed(closed, n));
            Calls.print("PER-CALL open calls=" + n + " " + timed(rejected, n));
        }
    }

    private static String timed(Calls.Call call, long n) throws Exception {
        long start = System.nanoTime();
        repeat(call, n);
        return String.format(Locale.ROOT, "seconds=%.1f %s", (System.nanoTime() - start) / 1e9, measure());
    }

    private static void repeat(Calls.Call call, long n) throws Exception {
        for (long i = 0; i < n; i++) {
            call.run();
        }
    }

    /** The call must fail with the agent's rejection of the open host, nothing else. */
    private static void expectRejection(String rejection, Calls.Call call) throws Exception {
        try {
            call.run();
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).startsWith(rejection)) {
                return;
            }
            throw new IllegalStateException("not the agent's rejection: " + e, e);
        }
        throw new IllegalStateException("a call to the open host went through");
    }

    /** @return the heap and threads measured at its end */
    private String phase(String name, long n) throws Exception {
        jdbcNanos = 0;
        httpNanos = 0;
        long start = System.nanoTime();
        run(n);
        double seconds = (System.nanoTime() - start) / 1e9;
        String measured = measure();
        Calls.print(String.format(Locale.ROOT, "PHASE %s jdbc=%d http=%d seconds=%.1f pairs/s=%.0f jdbc-ms=%.3f http-ms=%.3f %s h2-tcp=%s http-tcp=%s",
                name, n, n, seconds, n / seconds, jdbcNanos / 1e6 / n, httpNanos / 1e6 / n, measured,
                tcpStates(h2Port), tcpStates(httpPort)));
        return measured;
    }

    private void run(long n) throws Exception {
        for (long i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
                c.getAutoCommit();
            }
            long t1 = System.nanoTime();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            long t2 = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("HTTP " + status);
            }
            jdbcNanos += t1 - t0;
            httpNanos += t2 - t1;
        }
    }

    /** Heap used after a few full GCs, and live threads (all of them, daemons included). */
    private static String measure() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return "heap=" + memory.getHeapMemoryUsage().getUsed() + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * The TCP connections with one end on {@code port} (listening socket excluded) by state, each
     * connection counted once though loopback shows both its ends; "n/a" where /proc/net is absent.
     */
    private static String tcpStates(int port) {
        Map<String, Set<String>> byState = new HashMap<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || f[3].equals("0A")) {
                    continue;
                }
                String local = v4(f[1]);
                String remote = v4(f[2]);
                if (port(local) != port && port(remote) != port) {
                    continue;
                }
                String key = local.compareTo(remote) < 0 ? local + "|" + remote : remote + "|" + local;
                byState.computeIfAbsent(state(f[3]), s -> new HashSet<>()).add(key);
            }
        }
        if (byState.isEmpty()) {
            return Files.isReadable(Path.of("/proc/net/tcp")) ? "none" : "n/a";
        }
        StringBuilder out = new StringBuilder();
        byState.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.append(out.isEmpty() ? "" : ",").append(e.getKey()).append(':').append(e.getValue().size()));
        return out.toString();
    }

    /** An IPv4-mapped IPv6 address (a dual-stack socket's view) as the plain IPv4 one. */
    private static String v4(String hexAddress) {
        return hexAddress.startsWith("0000000000000000FFFF0000") ? hexAddress.substring(24) : hexAddress;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }

    private static String state(String hex) {
        return switch (hex) {
            case "01" -> "established";
            case "06" -> "time-wait";
            case "08" -> "close-wait";
            case "04" -> "fin-wait1";
            case "05" -> "fin-wait2";
            case "09" -> "last-ack";
            default -> "state-" + hex;
        };
    }
}
