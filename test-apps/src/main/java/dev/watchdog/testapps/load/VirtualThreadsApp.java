package dev.watchdog.testapps.load;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.Calls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Many virtual threads calling one URL at once with {@code HttpClient.send} (JDK 21+; compiled for 17,
 * so the virtual-thread executor is reached by reflection). First waits, calling every 100 ms, until
 * the agent rejects a call (the target is DOWN); then starts {@code threads} virtual threads that each
 * make one call, waits for all, and prints {@link Outcomes#line()}, {@code ELAPSED <ms>} and {@code DONE}.
 *
 * <p>Usage: {@code VirtualThreadsApp <url> <threads> <maxSeconds>}
 */
public final class VirtualThreadsApp {

    private VirtualThreadsApp() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        long maxSeconds = Long.parseLong(args[2]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();

        if (!awaitRejection(client, request, maxSeconds)) {
            Calls.print("NEVER REJECTED");
            return;
        }
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        {
            for (int i = 0; i < threads; i++) {
                virtual.execute(() -> {
                    try {
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                        outcomes.ok();
                    } catch (Throwable e) {
                        outcomes.failed(e);
                    }
                });
            }
            virtual.shutdown();
            if (!virtual.awaitTermination(maxSeconds, TimeUnit.SECONDS)) {
                Calls.print("STUCK after " + maxSeconds + " s: " + outcomes.line());
                return;
            }
        }
        Calls.print(outcomes.line());
        Calls.print("ELAPSED " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        Calls.print("DONE");
    }

    private static boolean awaitRejection(HttpClient client, HttpRequest request, long maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < deadline) {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                if (String.valueOf(e.getMessage()).startsWith(CallLine.REJECTION_PREFIX)) {
                    return true;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }
}
