package dev.watchdog.testapps.load;

import dev.watchdog.testapps.Calls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One application with many dependencies: every period it calls each of its URLs once (output as
 * {@link Calls}), an {@code http(s)} URL with {@code HttpClient.send} (kind {@code http<i>}), a
 * {@code jdbc:} URL with a fresh connection and {@code SELECT 1} (kind {@code jdbc<i>}), {@code i}
 * its place in the list. Every period it also prints {@code THREADS watchdog=<n>}, the live threads
 * whose name starts with {@code watchdog-}.
 *
 * <p>Usage: {@code ManyTargetsApp <periodMs> <maxSeconds> <url>...}
 */
public final class ManyTargetsApp {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ManyTargetsApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ManyTargetsApp <periodMs> <maxSeconds> <url>...");
            System.exit(2);
        }
        DriverManager.setLoginTimeout((int) TIMEOUT.toSeconds());
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        info.setProperty("NETWORK_TIMEOUT", Long.toString(TIMEOUT.toMillis()));
        List<String> urls = List.of(args).subList(2, args.length);
        Calls.loop(Long.parseLong(args[0]), Long.parseLong(args[1]), () -> {
            Calls.print("THREADS watchdog=" + watchdogThreads());
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                if (url.startsWith("jdbc:")) {
                    Calls.fork("jdbc" + i, () -> {
                        try (Connection c = DriverManager.getConnection(url, info);
                             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                            rs.next();
                        }
                    });
                } else {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
                    Calls.fork("http" + i, () -> {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 != 2) {
                            throw new java.io.IOException("status " + status);
                        }
                    });
                }
            }
        });
    }

    private static long watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("watchdog-")).count();
    }
}
