package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.apacheasync.AsyncClient4ExecuteAdvice;
import dev.watchdog.agent.instrument.apacheasync.MinimalSendRequestAdvice;
import dev.watchdog.agent.instrument.apachehttp.HttpHostTargetAdvice;
import dev.watchdog.agent.instrument.jdbc.DriverConnectAdvice;
import dev.watchdog.agent.instrument.jdkhttp.HttpClientSendAdvice;
import dev.watchdog.agent.instrument.pool.DataSourceGetConnectionAdvice;
import dev.watchdog.agent.instrument.socket.SocketConnectAdvice;
import dev.watchdog.agent.instrument.urlconnection.UrlConnectionAdvice;
import dev.watchdog.bootstrap.GateListener;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each production advice, with the exit the agent pairs it with, under a listener that throws from every
 * method: the application sees exactly what it sees without the agent (the same value, the same
 * exception), whether the call succeeds or fails, its host closed or half-open. The listener's events
 * reach it only on the agent's own thread.
 */
public class ThrowingListenerTest {

    static final String HOST = "db:5432";
    static final String URL = "jdbc:postgresql://db:5432/app";
    /** What the stand-ins' bodies do: throw this, or return normally when null. Read through the test's loader. */
    public static volatile Exception outcome;

    private final List<String> listenerThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void reset() {
        TestGate.delivered();
        GateAccess.control().close(HOST);
        GateAccess.control().setListener(null);
        outcome = null;
    }

    /** A stand-in with {@code Socket#connect}'s shape. */
    public static class StandInSocket implements Function<Object, Object> {
        @Override
        public Object apply(Object endpoint) {
            try {
                connect((SocketAddress) endpoint, 0);
                return "connected";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public void connect(SocketAddress endpoint, int timeout) throws java.io.IOException {
            if (outcome != null) {
                throw (java.io.IOException) outcome;
            }
        }
    }

    /** A stand-in driver. */
    public static class StandInDriver implements Driver, Function<Object, Object> {
        @Override
        public Object apply(Object url) {
            try {
                return connect((String) url, new Properties()) == null ? "no connection" : "connection";
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (outcome != null) {
                throw (SQLException) outcome;
            }
            return null;
        }

        @Override public boolean acceptsURL(String url) { return true; }
        @Override public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
        @Override public int getMajorVersion() { return 1; }
        @Override public int getMinorVersion() { return 0; }
        @Override public boolean jdbcCompliant() { return false; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
    }

    /** A stand-in pool with HikariCP's URL getter. */
    public static class StandInPool implements DataSource, Function<Object, Object> {
        public String getJdbcUrl() {
            return URL;
        }

        @Override
        public Object apply(Object ignored) {
            try {
                return getConnection() == null ? "no connection" : "connection";
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (outcome != null) {
                throw (SQLException) outcome;
            }
            return null;
        }

        @Override public Connection getConnection(String user, String password) throws SQLException { return getConnection(); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }

    /** A stand-in with {@code HttpClient#send}'s shape. */
    public static class StandInHttpClient implements Function<Object, Object> {
        @Override
        public Object apply(Object request) {
            try {
                return send((HttpRequest) request, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public String send(HttpRequest request, Object handler) throws java.io.IOException {
            if (outcome != null) {
                throw (java.io.IOException) outcome;
            }
            return "200 OK";
        }
    }

    /** A stand-in with Apache HttpClient's {@code doExecute(HttpHost, request, context)} shape. */
    public static class StandInApacheClient implements Function<Object, Object> {
        @Override
        public Object apply(Object target) {
            try {
                return doExecute(target, null, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public String doExecute(Object target, Object request, Object context) throws java.io.IOException {
            if (outcome != null) {
                throw (java.io.IOException) outcome;
            }
            return "200 OK";
        }
    }

    /** A stand-in with HttpAsyncClient 4's {@code execute(producer, consumer, context, callback)} shape. */
    public static class StandInAsyncClient4 implements Function<Object, Object> {
        @Override
        public Object apply(Object producer) {
            try {
                return execute((org.apache.http.nio.protocol.HttpAsyncRequestProducer) producer, null, null, null).get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }

        public java.util.concurrent.Future<Object> execute(org.apache.http.nio.protocol.HttpAsyncRequestProducer producer,
                                                           org.apache.http.nio.protocol.HttpAsyncResponseConsumer<Object> consumer,
                                                           org.apache.http.protocol.HttpContext context,
                                                           org.apache.http.concurrent.FutureCallback<Object> callback) {
            if (outcome != null) {
                throw (RuntimeException) outcome;
            }
            return java.util.concurrent.CompletableFuture.completedFuture("200 OK");
        }
    }

    /** A stand-in with the shape of HttpClient 5 minimal clients' {@code RequestChannel#sendRequest} lambda. */
    public static class StandInMinimalClient5 implements Function<Object, Object> {
        @Override
        public Object apply(Object request) {
            try {
                sendRequest(null, null, null, null, (org.apache.hc.core5.http.HttpRequest) request, null, null);
                return "sent";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public void sendRequest(Object clientContext, org.apache.hc.core5.http.nio.AsyncClientExchangeHandler handler,
                                Object pushHandlerFactory, Object cancellable, org.apache.hc.core5.http.HttpRequest request,
                                Object entityDetails, Object context) throws java.io.IOException {
            if (outcome != null) {
                throw (java.io.IOException) outcome;
            }
        }
    }

    /** A stand-in HttpURLConnection to db:5432. */
    public static class StandInUrlConnection extends java.net.HttpURLConnection implements Function<Object, Object> {
        public StandInUrlConnection() throws java.net.MalformedURLException {
            super(URI.create("http://db:5432/").toURL());
        }

        @Override
        public Object apply(Object ignored) {
            try {
                return getResponseCode();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public int getResponseCode() throws java.io.IOException {
            if (outcome != null) {
                throw (java.io.IOException) outcome;
            }
            return 200;
        }

        @Override public void connect() { }
        @Override public void disconnect() { }
        @Override public boolean usingProxy() { return false; }
    }

    static Stream<Arguments> advice() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://db:5432/")).build();
        return Stream.of(
                Arguments.of("socket connect", StandInSocket.class, SocketConnectAdvice.class, RethrowOrReport.class, "connect",
                        InetSocketAddress.createUnresolved("db", 5432), new ConnectException("Connection refused")),
                Arguments.of("driver connect", StandInDriver.class, DriverConnectAdvice.class, RethrowOrReport.class, "connect",
                        URL, new SQLException("Connection refused", "08001")),
                Arguments.of("pool checkout", StandInPool.class, DataSourceGetConnectionAdvice.class,
                        DataSourceGetConnectionAdvice.class, "getConnection", null, new SQLException("pool timeout", "08001")),
                Arguments.of("HttpClient send", StandInHttpClient.class, HttpClientSendAdvice.class, RethrowOrReport.class, "send",
                        request, new ConnectException("Connection refused")),
                Arguments.of("Apache HttpClient doExecute", StandInApacheClient.class, HttpHostTargetAdvice.class,
                        RethrowOrReport.class, "doExecute", new org.apache.hc.core5.http.HttpHost("http", "db", 5432),
                        new ConnectException("Connection refused")),
                Arguments.of("HttpAsyncClient 4 execute", StandInAsyncClient4.class, AsyncClient4ExecuteAdvice.class,
                        AsyncClient4ExecuteAdvice.class, "execute", new org.apache.http.nio.protocol.BasicAsyncRequestProducer(
                                new org.apache.http.HttpHost("db", 5432), new org.apache.http.message.BasicHttpRequest("GET", "/")),
                        new java.util.concurrent.CancellationException("Request execution cancelled")),
                Arguments.of("HttpClient 5 minimal async sendRequest", StandInMinimalClient5.class, MinimalSendRequestAdvice.class,
                        MinimalSendRequestAdvice.class, "sendRequest", new org.apache.hc.core5.http.message.BasicHttpRequest("GET",
                                new org.apache.hc.core5.http.HttpHost("http", "db", 5432), "/"),
                        new ConnectException("Connection refused")),
                Arguments.of("HttpURLConnection", StandInUrlConnection.class, UrlConnectionAdvice.class, RethrowOrReport.class,
                        "getResponseCode", null, new ConnectException("Connection refused")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("advice")
    void theApplicationSeesWhatItWouldWithoutTheAgent(String name, Class<?> standIn, Class<?> enter, Class<?> exit,
                                                      String method, Object argument, Exception failure) throws Exception {
        @SuppressWarnings("unchecked")
        Function<Object, Object> plain = (Function<Object, Object>) standIn.getDeclaredConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Function<Object, Object> advised = (Function<Object, Object>) Advised.copy(standIn, enter, exit, method)
                .getDeclaredConstructor().newInstance();
        GateAccess.control().setListener(throwingListener());
        for (String state : List.of("closed", "half-open", "another host open")) {
            switch (state) {
                case "half-open" -> GateAccess.control().halfOpen(HOST, "watchdog: circuit open for " + HOST, 100);   // every call a trial
                case "another host open" -> GateAccess.control().open("other:5432", "watchdog: circuit open for other:5432");
                default -> GateAccess.control().close(HOST);
            }
            for (Exception thrown : new Exception[] {null, failure}) {
                outcome = thrown;
                String expected = outcomeOf(() -> plain.apply(argument));
                assertEquals(expected, outcomeOf(() -> advised.apply(argument)), name + ", " + state + ", body "
                        + (thrown == null ? "returns" : "throws"));
                dev.watchdog.bootstrap.Gate.callEnded();
            }
            GateAccess.control().close(HOST);
            GateAccess.control().close("other:5432");
        }
        TestGate.delivered();
        // an async execute's outcome comes later, on the client's I/O threads: its advice reports none, asks no listener
        boolean reportsOutcomes = enter != AsyncClient4ExecuteAdvice.class && enter != MinimalSendRequestAdvice.class;
        assertFalse(reportsOutcomes && listenerThreads.isEmpty(), "the listener was asked (and threw)");
        assertTrue(listenerThreads.stream().allMatch(t -> t.equals("watchdog-gate-events") || t.startsWith("app:hostsOfJdbcUrl")),
                "events reach the agent only on its own thread: " + listenerThreads);
    }

    /** "returned X", or the exception's identity: the same instance the body threw, or another. */
    private static String outcomeOf(Callable<Object> call) {
        try {
            return "returned " + call.call();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "threw " + (cause == outcome ? "the body's own " : "another ") + cause.getClass().getName()
                    + ": " + cause.getMessage();
        }
    }

    private GateListener throwingListener() {
        return new GateListener() {
            @Override
            public String[] hostsOfJdbcUrl(String url) {
                listenerThreads.add("app:hostsOfJdbcUrl on " + Thread.currentThread().getName());
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void rejected(String hostKey, long calls, boolean enforced) {
                fail();
            }

            @Override
            public void seen(String hostKey) {
                fail();
            }

            @Override
            public void adviceFailed(Throwable error) {
                fail();
            }

            @Override
            public void failed(Object call, Object target, Throwable thrown) {
                fail();
            }

            @Override
            public void succeeded(Object call, Object target) {
                fail();
            }

            private void fail() {
                listenerThreads.add(Thread.currentThread().getName());
                throw new IllegalStateException("listener bug");
            }
        };
    }
}
