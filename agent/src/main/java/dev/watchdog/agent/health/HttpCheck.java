package dev.watchdog.agent.health;

import dev.watchdog.agent.config.StatusRanges;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

/**
 * Healthy when a GET answers an expected status (default 200-399) within the timeout; https uses the
 * JVM's default trust store. HttpURLConnection rather than HttpClient:
 * it runs on the calling (agent) thread and starts no selector thread of its own.
 */
final class HttpCheck implements Check {

    private final URL url;
    private final StatusRanges expected;
    private final Map<String, String> headers;

    HttpCheck(URL url, StatusRanges expected, Map<String, String> headers) {
        this.url = url;
        this.expected = expected;
        this.headers = headers;
    }

    @Override
    public void run(Duration timeout) throws Exception {
        int millis = (int) Math.max(1, timeout.toMillis());
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            connection.setRequestProperty("User-Agent", "watchdog-agent");
            headers.forEach(connection::setRequestProperty);
            int status = connection.getResponseCode();
            drain(connection);
            if (!expected.accepts(status)) {
                throw new IOException("HTTP " + status + " (expected " + expected + ")");
            }
        } finally {
            connection.disconnect();
        }
    }

    private static void drain(HttpURLConnection connection) {
        try (InputStream in = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readNBytes(64 * 1024);
            }
        } catch (IOException ignored) {
            // the status decided the verdict; the body is irrelevant
        }
    }
}
