package dev.watchdog.agent.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;

/**
 * Healthy when a GET answers 200-399 within the timeout. HttpURLConnection rather than HttpClient:
 * it runs on the calling (agent) thread and starts no selector thread of its own.
 */
final class HttpCheck implements Check {

    private final URL url;

    HttpCheck(URL url) {
        this.url = url;
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
            int status = connection.getResponseCode();
            drain(connection);
            if (status < 200 || status > 399) {
                throw new IOException("HTTP " + status);
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
