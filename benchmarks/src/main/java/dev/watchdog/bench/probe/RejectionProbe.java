package dev.watchdog.bench.probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child main: times N failing calls of one API to 127.0.0.1:port. Prints READY after its setup,
 * waits for GO on stdin (the parent sends it once the breaker is open, or the dependency is in the
 * wanted state), then prints {@code RESULT n=.. p50=.. ...} in nanoseconds and the first error.
 *
 * <p>Args: api port warmup samples capMillis [h2ServerPort]. capMillis &gt; 0 runs every call on its own
 * thread and stops waiting after capMillis (for blackholes whose client has no timeout).
 */
public final class RejectionProbe {

    public static final String[] APIS = {"jdbc-connect", "jdbc-execute", "http-send", "http-send-async", "url-connection"};

    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String api = args[0];
        int port = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int samples = Integer.parseInt(args[3]);
        long capMillis = Long.parseLong(args[4]);
        Call call = call(api, port, args.length > 5 ? Integer.parseInt(args[5]) : 0);
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in)).readLine();   // GO

        String[] firstError = {null};
        int capped = 0;
        for (int i = 0; i < warmup; i++) {
            time(call, capMillis, firstError);
        }
        long[] ns = new long[samples];
        for (int i = 0; i < samples; i++) {
            ns[i] = time(call, capMillis, firstError);
            if (ns[i] < 0) {
                capped++;
                ns[i] = TimeUnit.MILLISECONDS.toNanos(capMillis);
            }
        }
        Arrays.sort(ns);
        System.out.println("RESULT n=" + samples + " min=" + ns[0] + " p25=" + pct(ns, 25) + " p50=" + pct(ns, 50)
                + " p75=" + pct(ns, 75) + " p99=" + pct(ns, 99) + " max=" + ns[samples - 1] + " capped=" + capped);
        System.out.println("ERROR " + firstError[0]);
        System.out.flush();
        Runtime.getRuntime().halt(0);   // calls stuck in a blackhole must not keep the JVM alive
    }

    private static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /** Nanoseconds until the call failed; -1 when it was still running after capMillis. */
    private static long time(Call call, long capMillis, String[] firstError) throws Exception {
        long t0 = System.nanoTime();
        if (capMillis <= 0) {
            try {
                call.run();
                throw new IllegalStateException("the call succeeded; expected a failure");
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception expected) {
                long t = System.nanoTime() - t0;
                if (firstError[0] == null) {
                    firstError[0] = describe(expected);
                }
                return t;
            }
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread th = new Thread(() -> {
            try {
                call.run();
                f.complete("succeeded");
            } catch (Throwable e) {
                f.complete(describe(e));
            }
        }, "capped-call");
        th.setDaemon(true);
        th.start();
        try {
            String outcome = f.get(capMillis, TimeUnit.MILLISECONDS);
            long t = System.nanoTime() - t0;
            if (firstError[0] == null) {
                firstError[0] = outcome;
            }
            return t;
        } catch (TimeoutException stillWaiting) {
            if (firstError[0] == null) {
                firstError[0] = "(no answer within " + capMillis + " ms)";
            }
            return -1;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    private static Call call(String api, int port, int h2ServerPort) throws Exception {
        String url = "http://127.0.0.1:" + port + "/";
        switch (api) {
            case "jdbc-connect":
                return () -> DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bench", "sa", "").close();
            case "jdbc-execute": {
                // H2 server in this JVM; the connection goes through the parent's proxy on `port`
                org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(h2ServerPort), "-ifNotExists").start();
                Connection c = DriverManager.getConnection(
                        "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bench;DB_CLOSE_DELAY=-1", "sa", "");
                Statement s = c.createStatement();
                s.executeQuery("SELECT 1").close();
                return () -> {
                    try (ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                };
            }
            case "http-send": {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build();
                return () -> client.send(req, HttpResponse.BodyHandlers.discarding());
            }
            case "http-send-async": {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build();
                return () -> client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).join();
            }
            case "url-connection":
                return () -> {
                    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                    c.setConnectTimeout(1000);
                    c.setReadTimeout(1000);
                    try {
                        c.getResponseCode();
                    } finally {
                        c.disconnect();
                    }
                };
            default:
                throw new IllegalArgumentException("unknown api " + api);
        }
    }
}
