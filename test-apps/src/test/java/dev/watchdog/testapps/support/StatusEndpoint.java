package dev.watchdog.testapps.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent's status endpoint ({@code watchdog.status.port}) as a test reads it: one Prometheus sample at a time. */
public final class StatusEndpoint {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    private StatusEndpoint(int port) {
        this.port = port;
    }

    /** A port free now on loopback, for a child's {@code watchdog.status.port}. */
    public static StatusEndpoint onFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new StatusEndpoint(s.getLocalPort());
        }
    }

    public int port() {
        return port;
    }

    /** The value of {@code name{label="value"}} in {@code /metrics}; -1 when absent. */
    public long metric(String name, String label, String value) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String body = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + label + "=\"" + value + "\"}") + " ([0-9.eE+]+)$")
                .matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
