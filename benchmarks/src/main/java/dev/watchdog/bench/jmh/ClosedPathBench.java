package dev.watchdog.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import dev.watchdog.bench.probe.LoopbackHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Healthy calls, run by the harness with different fork arguments: no agent, a no-op agent, the agent
 * with every breaker closed, the agent with one unrelated breaker open ({@code -Dbench.awaitOpen=true}
 * makes the setup wait until the agent's gate reports it). {@link #pgPreparedQuery} needs PostgreSQL on
 * {@link Pg#URL}: the harness runs it only when that answers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ClosedPathBench {

    private Connection connection;
    private Statement statement;
    private HttpServer server;
    private HttpClient client;
    private HttpRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        awaitOpenBreakerIfAsked();
        connection = DriverManager.getConnection("jdbc:h2:mem:closed;DB_CLOSE_DELAY=-1", "sa", "");
        statement = connection.createStatement();
        statement.execute("CREATE TABLE IF NOT EXISTS t(id INT PRIMARY KEY, name VARCHAR(20))");
        statement.execute("MERGE INTO t KEY(id) VALUES (1, 'one')");
        server = LoopbackHttp.start();
        client = HttpClient.newHttpClient();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
    }

    /** The agent's gate is on the boot loader only when the agent runs; reflection keeps it optional here. */
    private static void awaitOpenBreakerIfAsked() throws Exception {
        if (!Boolean.getBoolean("bench.awaitOpen")) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                Class<?> gate = Class.forName("dev.watchdog.bootstrap.Gate", true, null);
                if ((Boolean) gate.getMethod("anyOpen").invoke(null)) {
                    return;
                }
            } catch (ClassNotFoundException notYet) {
                // the agent has not injected the gate yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no breaker opened within 20 s: is the agent attached with a DOWN target?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
        server.stop(0);
    }

    @Benchmark
    public int jdbcExecuteQuery() throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT name FROM t WHERE id = 1")) {
            rs.next();
            return rs.getString(1).length();
        }
    }

    /** PostgreSQL over loopback: the database's own round trip dominates, the agent's share is the statement advice. */
    @State(Scope.Benchmark)
    public static class Pg {
        public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
        public static final String USER = "postgres";
        public static final String PASSWORD = "test";

        private Connection connection;
        private PreparedStatement query;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            awaitOpenBreakerIfAsked();
            connection = DriverManager.getConnection(URL, USER, PASSWORD);
            try (Statement ddl = connection.createStatement()) {
                // a temporary table: this session's own, whatever else uses the database
                ddl.execute("CREATE TEMP TABLE t(id INT PRIMARY KEY, name VARCHAR(20))");
                ddl.execute("INSERT INTO t VALUES (1, 'one')");
            }
            query = connection.prepareStatement("SELECT name FROM t WHERE id = ?");
            query.setInt(1, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            connection.close();
        }
    }

    @Benchmark
    public int pgPreparedQuery(Pg pg) throws SQLException {
        try (ResultSet rs = pg.query.executeQuery()) {
            rs.next();
            return rs.getString(1).length();
        }
    }

    @Benchmark
    public int httpClientSend() throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body().length();
    }
}
