package dev.watchdog.bench.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls http://127.0.0.1:port/ every 5 ms (250 ms timeouts) and prints one line whenever the kind of
 * outcome changes: {@code CALL ok}, {@code CALL rejected} (the agent's fast failure), {@code CALL failed}.
 * The parent time-stamps the lines as they arrive.
 */
public final class DetectionProbe {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + Integer.parseInt(args[0]) + "/");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(250)).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(250)).build();
        String last = "";
        while (true) {
            String outcome;
            try {
                client.send(req, HttpResponse.BodyHandlers.discarding());
                outcome = "ok";
            } catch (java.io.IOException e) {
                String m = String.valueOf(e.getMessage());
                outcome = m.contains("circuit open") ? "rejected" : "failed";
            }
            if (!outcome.equals(last)) {
                System.out.println("CALL " + outcome);
                System.out.flush();
                last = outcome;
            }
            Thread.sleep(5);
        }
    }
}
