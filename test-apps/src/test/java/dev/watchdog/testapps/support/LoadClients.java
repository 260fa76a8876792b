package dev.watchdog.testapps.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent users of a web application: each client thread GETs one URL in a closed loop, one request per
 * {@code period} at most (start to start; after a slow one, the next starts at once), and records every request
 * with the test JVM's {@link System#nanoTime()}. A request that hangs holds its client, as it holds a user. The
 * requests are blocking {@link HttpURLConnection}s on a kept-alive connection: no hand-over between threads adds
 * to what is measured.
 */
public final class LoadClients implements AutoCloseable {

    /** One request: {@code endNanos} 0 while still running; {@code status} 0 when the client itself failed. */
    public record Request(long startNanos, long endNanos, int status, String detail) {
        public boolean finished() {
            return endNanos != 0;
        }

        public boolean ok() {
            return status == 200;
        }

        public boolean failed() {
            return finished() && !ok();
        }

        /** How long it took, or, still running at {@code nowNanos}, how long it has run so far. */
        public long nanos(long nowNanos) {
            return (finished() ? endNanos : nowNanos) - startNanos;
        }
    }

    private final URL url;
    private final long periodNanos;
    private final List<Request> finished = new ArrayList<>();
    /** Per client: when its running request started, 0 while it is between requests. */
    private final long[] runningSince;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    public LoadClients(String name, URI uri, int clients, long periodMillis) throws MalformedURLException {
        this.url = uri.toURL();
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.runningSince = new long[clients];
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread t = new Thread(() -> loop(client), name + "-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public LoadClients start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void loop(int client) {
        long next = System.nanoTime() + client * periodNanos / runningSince.length; // spread the clients over a period
        while (!stopped) {
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                sleepNanos(sleep);
            }
            long start = System.nanoTime();
            next = start + periodNanos;
            synchronized (this) {
                runningSince[client] = start;
            }
            int status;
            String detail;
            try {
                HttpURLConnection c = (HttpURLConnection) url.openConnection();
                status = c.getResponseCode();
                try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    detail = status == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                status = 0;
                detail = "client " + e;
            }
            Request done = new Request(start, System.nanoTime(), status, detail);
            synchronized (this) {
                runningSince[client] = 0;
                finished.add(done);
            }
        }
    }

    /** Every request so far, the running ones with {@code endNanos} 0, in start order. */
    public synchronized List<Request> requests() {
        List<Request> all = new ArrayList<>(finished);
        for (long since : runningSince) {
            if (since != 0) {
                all.add(new Request(since, 0, 0, "still running"));
            }
        }
        all.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return all;
    }

    /** No new request starts; running ones are left to end (or hang) on their own. */
    @Override
    public void close() {
        stopped = true;
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
