package dev.watchdog.agent.instrument.apacheasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.instrument.Advised;
import dev.watchdog.agent.instrument.TestGate;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.http.HttpHost;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.message.BasicHttpRequest;
import org.apache.http.nio.protocol.BasicAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async advices inlined into stand-ins with the library methods' shapes: a call to an open host never
 * runs the method's body, never throws, fails the returned future and the callback (HttpAsyncClient 4) or
 * the exchange handler (HttpClient 5 minimal clients) with the agent's ConnectException, on the caller's
 * thread; a callback that throws goes to the thread's uncaught-exception handler; a closed host's call runs as is.
 */
public class AsyncRejectAdvicesTest {

    private static final String HOST = "db:5432";
    public static volatile boolean bodyRan;

    private final TestGate gate = new TestGate();

    @AfterEach
    void close() {
        gate.close();
        dev.watchdog.agent.gate.GateAccess.control().close(HOST);
        bodyRan = false;
    }

    /** HttpAsyncClient 4's {@code execute(producer, consumer, context, callback)}. */
    public interface Async4 {
        Future<Object> execute(HttpAsyncRequestProducer producer, HttpAsyncResponseConsumer<Object> consumer,
                               HttpContext context, FutureCallback<Object> callback);
    }

    public static class StandInAsync4 implements Async4 {
        @Override
        public Future<Object> execute(HttpAsyncRequestProducer producer, HttpAsyncResponseConsumer<Object> consumer,
                                      HttpContext context, FutureCallback<Object> callback) {
            bodyRan = true;
            return CompletableFuture.completedFuture("200 OK");
        }
    }

    /** The minimal clients' {@code RequestChannel#sendRequest} lambda. */
    public interface SendRequest {
        void sendRequest(Object clientContext, AsyncClientExchangeHandler handler, Object pushHandlerFactory, Object cancellable,
                         HttpRequest request, Object entityDetails, Object context) throws IOException;
    }

    public static class StandInMinimal5 implements SendRequest {
        @Override
        public void sendRequest(Object clientContext, AsyncClientExchangeHandler handler, Object pushHandlerFactory,
                                Object cancellable, HttpRequest request, Object entityDetails, Object context) {
            bodyRan = true;
        }
    }

    private static final class RecordingCallback implements FutureCallback<Object> {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Exception failure;
        volatile boolean throwing;

        @Override
        public void completed(Object result) {
            calls.add("completed");
        }

        @Override
        public void failed(Exception e) {
            calls.add("failed on " + Thread.currentThread().getName());
            failure = e;
            if (throwing) {
                throw new IllegalStateException("application callback bug");
            }
        }

        @Override
        public void cancelled() {
            calls.add("cancelled");
        }
    }

    @Test
    void httpAsyncClient4FailsTheFutureAndTheCallbackOfAnOpenHost() throws Exception {
        Async4 client = Advised.instance(StandInAsync4.class, AsyncClient4ExecuteAdvice.class, "execute", Async4.class);
        List<String> producer = new CopyOnWriteArrayList<>();
        HttpAsyncRequestProducer recording = recording(HttpAsyncRequestProducer.class, producer,
                new BasicAsyncRequestProducer(new HttpHost("db", 5432), new BasicHttpRequest("GET", "/")));
        RecordingCallback callback = new RecordingCallback();

        assertEquals("200 OK", client.execute(recording, null, null, callback).get(), "a closed host's call runs");
        assertTrue(bodyRan);
        bodyRan = false;

        gate.open(HOST);
        Future<Object> future = client.execute(recording, null, null, callback);
        assertFalse(bodyRan, "the exchange never started");
        assertTrue(future.isDone());
        ExecutionException failed = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(ConnectException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().startsWith("watchdog: circuit open for " + HOST), failed.getCause().getMessage());
        assertSame(failed.getCause(), callback.failure);
        assertEquals(List.of("failed on " + Thread.currentThread().getName()), callback.calls);
        assertTrue(producer.containsAll(List.of("failed", "close")), "the producer is told and released: " + producer);

        callback.throwing = true;
        List<Throwable> uncaught = withUncaughtHandler(() -> assertTrue(client.execute(recording, null, null, callback).isDone()));
        assertEquals(1, uncaught.size(), "the callback's own failure goes to the uncaught-exception handler");
        assertEquals(List.of(HOST, HOST), gate.rejections());
        assertEquals(List.of(), gate.adviceFailures());
    }

    @Test
    void minimalClientsFailTheExchangeHandlerOfAnOpenHost() throws Exception {
        SendRequest channel = Advised.instance(StandInMinimal5.class, MinimalSendRequestAdvice.class, "sendRequest", SendRequest.class);
        List<Object[]> failed = new CopyOnWriteArrayList<>();
        AsyncClientExchangeHandler handler = (AsyncClientExchangeHandler) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncClientExchangeHandler.class}, (proxy, method, args) -> {
                    if (method.getName().equals("failed")) {
                        failed.add(new Object[] {args[0], Thread.currentThread()});
                    }
                    return method.getReturnType() == int.class ? 0 : null;
                });
        HttpRequest request = new org.apache.hc.core5.http.message.BasicHttpRequest("GET",
                new org.apache.hc.core5.http.HttpHost("http", "db", 5432), "/");

        channel.sendRequest(null, handler, null, null, request, null, null);
        assertTrue(bodyRan, "a closed host's request goes on to lease a connection");
        bodyRan = false;

        gate.open(HOST);
        channel.sendRequest(null, handler, null, null, request, null, null);
        assertFalse(bodyRan, "no connection leased");
        assertEquals(1, failed.size());
        ConnectException rejection = assertInstanceOf(ConnectException.class, failed.get(0)[0]);
        assertTrue(rejection.getMessage().startsWith("watchdog: circuit open for " + HOST), rejection.getMessage());
        assertSame(Thread.currentThread(), failed.get(0)[1]);

        HttpRequest defaultPort = new org.apache.hc.core5.http.message.BasicHttpRequest("GET",
                new org.apache.hc.core5.http.HttpHost("http", "db", -1), "/");
        channel.sendRequest(null, handler, null, null, defaultPort, null, null);
        assertTrue(bodyRan, "db:80 is not open");
        assertEquals(List.of(HOST), gate.rejections());
        assertEquals(List.of(), gate.adviceFailures());
    }

    /** A proxy that records each method called and forwards it to {@code target}. */
    @SuppressWarnings("unchecked")
    private static <T> T recording(Class<T> type, List<String> calls, T target) {
        return (T) Proxy.newProxyInstance(AsyncRejectAdvicesTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.invoke(target, args);
                });
    }

    private static List<Throwable> withUncaughtHandler(Runnable action) {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Thread current = Thread.currentThread();
        Thread.UncaughtExceptionHandler before = current.getUncaughtExceptionHandler();
        current.setUncaughtExceptionHandler((t, e) -> seen.add(e));
        try {
            action.run();
        } finally {
            current.setUncaughtExceptionHandler(before);
        }
        return seen;
    }
}
