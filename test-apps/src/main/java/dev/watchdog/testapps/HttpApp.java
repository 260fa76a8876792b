package dev.watchdog.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client that knows nothing of the agent. Every period it GETs the URL three ways:
 * {@code HttpClient.send} (kind {@code send}), {@code HttpClient.sendAsync(...).get()} (kind
 * {@code async}) and {@code HttpURLConnection} (kind {@code urlconnection}). A response other than
 * 2xx is a failure reported as {@code FAIL HttpStatus <micros>us status <code>}.
 *
 * <p>Usage: {@code HttpApp <url> <periodMs> <maxSeconds>}
 */
public final class HttpApp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    HttpApp(URI uri) {
        this.uri = uri;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HttpApp <url> <periodMs> <maxSeconds>");
            System.exit(2);
        }
        HttpApp app = new HttpApp(URI.create(args[0]));
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            Calls.fork("send", app::send);
            Calls.fork("async", app::sendAsync);
            Calls.fork("urlconnection", app::urlConnection);
        });
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    }

    void send() throws Exception {
        check(client.send(request(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    void sendAsync() throws Exception {
        check(client.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).get().statusCode());
    }

    void urlConnection() throws IOException {
        URL url = uri.toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        try {
            int status = c.getResponseCode();
            InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            check(status);
        } finally {
            c.disconnect();
        }
    }

    private static void check(int status) throws HttpStatus {
        if (status / 100 != 2) {
            throw new HttpStatus(status);
        }
    }

    /** A non-2xx answer: the server was reached, the call still failed. */
    static final class HttpStatus extends IOException {
        HttpStatus(int status) {
            super("status " + status);
        }
    }
}
