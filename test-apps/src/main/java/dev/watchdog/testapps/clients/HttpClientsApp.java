package dev.watchdog.testapps.clients;

import dev.watchdog.testapps.Calls;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.RestClient;

/**
 * The third-party HTTP clients applications really use, and a raw TCP client, each calling one URL
 * every period (output as {@link Calls}). Kinds: {@code okhttp-execute}, {@code okhttp-enqueue}
 * (the callback's failure is the call's failure; a throw from enqueue itself is reported as
 * {@code EnqueueThrew}), {@code apache4}, {@code apache5}, {@code apache5-async} (the
 * {@code FutureCallback}'s failure is the call's failure; the returned future must have failed
 * with it too; a throw from execute is {@code EnqueueThrew}), {@code apache5-minimal} (the same call through
 * {@code HttpAsyncClients.createMinimal()}), {@code apache5-h2-minimal} (through {@code createHttp2Minimal()}: HTTP/2
 * only, so only against a server that speaks it, never by default), {@code apache4-async} and {@code apache4-minimal} (HttpAsyncClient
 * 4.1's {@code HttpAsyncClients.custom()} and {@code createMinimal()}, judged as {@code apache5-async}),
 * {@code es-rest} and {@code es-rest-async} (the Elasticsearch low-level {@code RestClient#performRequest} and
 * {@code performRequestAsync}, whose {@code ResponseListener#onFailure} is the call's failure; on HttpAsyncClient 4.1),
 * {@code socket} ({@code new Socket(host, port)}, connect and close): only the socket-level fallback can reject it.
 *
 * <p>Usage: {@code HttpClientsApp <url> <periodMs> <maxSeconds> [kind,kind...]} (default: every kind).
 * The first line, {@code LIB okhttp <jar>}, says which OkHttp the class path brought.
 */
public final class HttpClientsApp {

    /** The clients the agent has a hook of its own for. */
    public static final List<String> HOOKED_KINDS = List.of("okhttp-execute", "okhttp-enqueue", "apache4", "apache5", "apache5-async");
    /** The Apache async clients of the {@code apache-async} hooks (HttpClient 5 minimal, HttpAsyncClient 4.1 and a user of it). */
    public static final List<String> APACHE_ASYNC_KINDS = List.of("apache5-minimal", "apache4-async", "apache4-minimal", "es-rest",
            "es-rest-async");
    /** The clients only the socket-level fallback protects. */
    public static final List<String> FALLBACK_KINDS = List.of("socket");
    public static final List<String> KINDS = Stream.of(HOOKED_KINDS, APACHE_ASYNC_KINDS, FALLBACK_KINDS).flatMap(List::stream).toList();
    /** Clients that speak only HTTP/2 (cleartext, prior knowledge): they need a server that does ({@code net.H2cServer}), never in the default kinds. */
    public static final List<String> H2_KINDS = List.of("apache5-h2-minimal");
    private static final long TIMEOUT_MS = 5_000;

    private final URI uri;
    private final OkHttpClient okhttp = new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .connectTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).readTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).build();
    private final org.apache.http.impl.client.CloseableHttpClient apache4 = org.apache.http.impl.client.HttpClients.custom()
            .setRetryHandler(new DefaultHttpRequestRetryHandler(0, false))
            .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
                    .setConnectTimeout((int) TIMEOUT_MS).setSocketTimeout((int) TIMEOUT_MS).build())
            .build();
    private final CloseableHttpClient apache5 = HttpClients.custom().disableAutomaticRetries().build();
    private final CloseableHttpAsyncClient apache5Async = HttpAsyncClients.custom().disableAutomaticRetries().build();
    private final CloseableHttpAsyncClient apache5Minimal = HttpAsyncClients.createMinimal();
    private final CloseableHttpAsyncClient apache5H2Minimal = HttpAsyncClients.createHttp2Minimal();
    private final org.apache.http.impl.nio.client.CloseableHttpAsyncClient apache4Async =
            org.apache.http.impl.nio.client.HttpAsyncClients.custom().setDefaultRequestConfig(apache4Config()).build();
    private final org.apache.http.impl.nio.client.CloseableHttpAsyncClient apache4Minimal =
            org.apache.http.impl.nio.client.HttpAsyncClients.createMinimal();
    private final RestClient esRest;

    HttpClientsApp(URI uri) {
        this.uri = uri;
        apache5Async.start();
        apache5Minimal.start();
        apache5H2Minimal.start();
        apache4Async.start();
        apache4Minimal.start();
        esRest = RestClient.builder(new org.apache.http.HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
                .setRequestConfigCallback(config -> config.setConnectTimeout((int) TIMEOUT_MS).setSocketTimeout((int) TIMEOUT_MS))
                .build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HttpClientsApp <url> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        Calls.print("LIB okhttp " + OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation());
        HttpClientsApp app = new HttpClientsApp(URI.create(args[0]));
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.close();
    }

    /** OkHttp's dispatcher threads are not daemons: a real application shuts its clients down too. */
    void close() throws IOException {
        okhttp.dispatcher().executorService().shutdownNow();
        okhttp.connectionPool().evictAll();
        apache4.close();
        apache5.close();
        apache5Async.close();
        apache5Minimal.close();
        apache5H2Minimal.close();
        apache4Async.close();
        apache4Minimal.close();
        esRest.close();
    }

    private static org.apache.http.client.config.RequestConfig apache4Config() {
        return org.apache.http.client.config.RequestConfig.custom()
                .setConnectTimeout((int) TIMEOUT_MS).setSocketTimeout((int) TIMEOUT_MS).build();
    }

    private Calls.Call call(String kind) {
        return switch (kind) {
            case "okhttp-execute" -> this::okhttpExecute;
            case "okhttp-enqueue" -> this::okhttpEnqueue;
            case "apache4" -> this::apache4;
            case "apache5" -> this::apache5;
            case "apache5-async" -> () -> asyncExecute(apache5Async);
            case "apache5-minimal" -> () -> asyncExecute(apache5Minimal);
            case "apache5-h2-minimal" -> () -> asyncExecute(apache5H2Minimal);
            case "apache4-async" -> () -> async4Execute(apache4Async);
            case "apache4-minimal" -> () -> async4Execute(apache4Minimal);
            case "es-rest" -> this::esRest;
            case "es-rest-async" -> this::esRestAsync;
            case "socket" -> this::socket;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    void okhttpExecute() throws IOException {
        try (Response r = okhttp.newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
            check(r.code());
            r.body().bytes();
        }
    }

    void okhttpEnqueue() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Call call = okhttp.newCall(new Request.Builder().url(uri.toString()).build());
        try {
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call c, IOException e) {
                    done.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call c, Response r) {
                    try (r) {
                        r.body().bytes();
                        done.complete(r.code());
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                }
            });
        } catch (Throwable thrown) {
            throw new EnqueueThrew(thrown);
        }
        check(done.get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    void apache4() throws IOException {
        try (CloseableHttpResponse r = apache4.execute(new org.apache.http.client.methods.HttpGet(uri))) {
            EntityUtils.consume(r.getEntity());
            check(r.getStatusLine().getStatusCode());
        }
    }

    void apache5() throws IOException {
        int status = apache5.execute(new HttpGet(uri), response -> {
            org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        check(status);
    }

    void asyncExecute(CloseableHttpAsyncClient client) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Future<SimpleHttpResponse> future;
        try {
            future = client.execute(SimpleRequestBuilder.get(uri).build(), new FutureCallback<>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    done.complete(response.getCode());
                }

                @Override
                public void failed(Exception e) {
                    done.completeExceptionally(e);
                }

                @Override
                public void cancelled() {
                    done.cancel(false);
                }
            });
        } catch (Throwable thrown) {
            throw new EnqueueThrew(thrown);
        }
        awaitCallbackAndFuture(done, future);
    }

    void async4Execute(org.apache.http.impl.nio.client.CloseableHttpAsyncClient client) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Future<org.apache.http.HttpResponse> future;
        try {
            future = client.execute(new org.apache.http.client.methods.HttpGet(uri), new org.apache.http.concurrent.FutureCallback<>() {
                @Override
                public void completed(org.apache.http.HttpResponse response) {
                    done.complete(response.getStatusLine().getStatusCode());
                }

                @Override
                public void failed(Exception e) {
                    done.completeExceptionally(e);
                }

                @Override
                public void cancelled() {
                    done.cancel(false);
                }
            });
        } catch (Throwable thrown) {
            throw new EnqueueThrew(thrown);
        }
        awaitCallbackAndFuture(done, future);
    }

    /** The callback's outcome is the call's; when it failed, the returned future must have failed with it too. */
    private static void awaitCallbackAndFuture(CompletableFuture<Integer> done, Future<?> future) throws Exception {
        try {
            check(done.get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } catch (ExecutionException failed) {
            if (!future.isDone()) {
                throw new IllegalStateException("callback failed but the future is not done", failed.getCause());
            }
            future.get();
            throw failed;
        }
    }

    void esRest() throws IOException {
        org.elasticsearch.client.Response r = esRest.performRequest(new org.elasticsearch.client.Request("GET", uri.getPath()));
        EntityUtils.consume(r.getEntity());
        check(r.getStatusLine().getStatusCode());
    }

    void esRestAsync() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        try {
            esRest.performRequestAsync(new org.elasticsearch.client.Request("GET", uri.getPath()), new org.elasticsearch.client.ResponseListener() {
                @Override
                public void onSuccess(org.elasticsearch.client.Response response) {
                    try {
                        EntityUtils.consume(response.getEntity());
                        done.complete(response.getStatusLine().getStatusCode());
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                }

                @Override
                public void onFailure(Exception e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (Throwable thrown) {
            throw new EnqueueThrew(thrown);
        }
        check(done.get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    void socket() throws IOException {
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.getOutputStream().flush();
        }
    }

    private static void check(int status) throws IOException {
        if (status / 100 != 2) {
            throw new IOException("status " + status);
        }
    }

    /** enqueue (and async execute) must report through the callback: a throw from the call itself is a bug the test must see. */
    static final class EnqueueThrew extends RuntimeException {
        EnqueueThrew(Throwable cause) {
            super("enqueue threw " + cause, cause);
        }
    }
}
