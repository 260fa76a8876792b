package dev.watchdog.bench.probe;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * The startup/memory probe: one H2 in-memory query and one JDK HttpClient request to a loopback
 * server, then prints {@code HWM_KB <peak RSS>} from /proc/self/status. Arg "empty": print it at once
 * (measures what an agent costs before the application does anything). Arg "wait-for-agent": the
 * hello work, then stays up 60 s so that the parent can read the agent's start line (it ends it).
 */
public final class HelloApp {

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("empty")) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:hello", "sa", "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                rs.next();
            }
            HttpServer server = LoopbackHttp.start();
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode());
            }
            // no server.stop(): it waits for the dispatcher's 1 s select; the daemon dispatcher dies with the JVM
        }
        System.out.println("HWM_KB " + peakRssKib());
        if (args.length > 0 && args[0].equals("wait-for-agent")) {
            Thread.sleep(60_000);
        }
    }

    static long peakRssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
