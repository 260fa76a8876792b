package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.watchdog.agent.LocalRedis;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.bootstrap.AgentThread;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthPingerTest {

    @TempDir
    Path dir;
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private AgentConfig config(String... lines) throws IOException {
        return TestConfigs.of(dir, lines);
    }

    private HealthPinger pinger(AgentConfig config) {
        HealthPinger p = new HealthPinger(config, listener);
        closeables.add(p);
        p.start();
        return p;
    }

    private ServerSocket server() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(s);
        return s;
    }

    private void awaitHealth(HealthPinger p, String target, Health h) {
        Await.until(target + " " + h, () -> p.health(target) == h, p::snapshot);
    }

    @Test
    void tcpTargetGoesDownAndUp() throws Exception {
        ServerSocket s = server();
        int port = s.getLocalPort();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms", "watchdog.target.db.check=tcp://127.0.0.1:" + port));
        awaitHealth(p, "db", Health.UP);
        s.close();
        awaitHealth(p, "db", Health.DOWN);
        ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        closeables.add(again);
        awaitHealth(p, "db", Health.UP);
        TargetView v = p.snapshot().get(0);
        assertEquals(List.of(Health.UP, Health.DOWN, Health.UP), v.transitions().stream().map(Transition::to).toList());
        assertEquals("Connection refused", v.transitions().get(1).reason());
        assertNotNull(v.lastCheck());
        assertNotNull(v.lastLatency());
    }

    /** JMX recheck: with a one-hour interval, only an operator's "check now" can see the server go away. */
    @Test
    void recheckRunsTheCheckNow() throws Exception {
        ServerSocket s = server();
        HealthPinger p = pinger(config("watchdog.health.interval=1h", "watchdog.health.jitter=0%",
                "watchdog.target.db.check=tcp://127.0.0.1:" + s.getLocalPort()));
        awaitHealth(p, "db", Health.UP);
        s.close();
        p.recheck("db");
        awaitHealth(p, "db", Health.DOWN);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> p.recheck("nope"));
    }

    /** A server that accepts and never answers: the http check is cut at its timeout; the other target keeps being checked. */
    @Test
    void aSilentServerNeverBlocksOtherTargets() throws Exception {
        ServerSocket silent = server();
        ServerSocket up = server();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms", "watchdog.health.timeout=200ms",
                "watchdog.target.silent.check=http://127.0.0.1:" + silent.getLocalPort() + "/health",
                "watchdog.target.silent.unhealthy-threshold=1",
                "watchdog.target.up.check=tcp://127.0.0.1:" + up.getLocalPort()));
        awaitHealth(p, "up", Health.UP);
        awaitHealth(p, "silent", Health.DOWN);
        Instant before = p.snapshot().get(1).lastCheck();
        Thread.sleep(1000);   // five timeouts of the silent check: a thread stuck per check would show
        assertTrue(p.snapshot().get(1).lastCheck().isAfter(before), "the healthy target is still checked");
        // one check in flight per target, plus at most one worker that has finished and not yet returned to the
        // pool when the next check is handed out (the cached pool then starts a thread: seen once in CI)
        assertTrue(p.checkThreads() <= 3, "threads: " + p.checkThreads());
    }

    @Test
    void httpExpectStatusAndHeaders() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/secured", ex -> {
            int status = "s3cret".equals(ex.getRequestHeaders().getFirst("X-Token")) ? 200 : 401;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        Thread starter = new AgentThread(server::start, "watchdog-test-http");   // daemon dispatcher
        starter.start();
        starter.join();
        closeables.add(() -> server.stop(0));
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms",
                "watchdog.target.plain404.check=" + base + "/missing",
                "watchdog.target.ok404.check=" + base + "/missing",
                "watchdog.target.ok404.expect-status=200-299,404",
                "watchdog.target.noheader.check=" + base + "/secured",
                "watchdog.target.header.check=" + base + "/secured",
                "watchdog.target.header.header.X-Token=s3cret"));
        awaitHealth(p, "plain404", Health.DOWN);
        awaitHealth(p, "ok404", Health.UP);
        awaitHealth(p, "noheader", Health.DOWN);
        awaitHealth(p, "header", Health.UP);
        String reason = p.snapshot().stream().filter(v -> v.name().equals("noheader")).findFirst().orElseThrow()
                .transitions().get(0).reason();
        assertEquals("HTTP 401 (expected 200-399)", reason);
    }

    @Test
    void jdbcQuery() throws Exception {
        // a network URL: an in-process database is refused as a check (its SQL would run inside the application)
        org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        closeables.add(h2::stop);
        String base = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:";
        HealthPinger p = pinger(config("watchdog.health.interval=50ms",
                "watchdog.target.good.check=" + base + "good;DB_CLOSE_DELAY=-1",
                "watchdog.target.good.query=SELECT 1",
                "watchdog.target.bad.check=" + base + "bad;DB_CLOSE_DELAY=-1",
                "watchdog.target.bad.query=SELECT * FROM no_such_table",
                "watchdog.target.valid.check=" + base + "valid"));
        awaitHealth(p, "good", Health.UP);
        awaitHealth(p, "bad", Health.DOWN);
        awaitHealth(p, "valid", Health.UP);
    }

    /**
     * A blackholed H2 server (accepts, never answers): the check passes H2 a NETWORK_TIMEOUT, so the
     * driver itself gives up at the check's timeout and the check fails in time, instead of being
     * abandoned in a read that never returns. A URL's own NETWORK_TIMEOUT is left to it (H2 refuses a
     * setting given twice).
     */
    @Test
    void aBlackholedH2CheckFailsWithinItsTimeout() throws Exception {
        ServerSocket blackhole = server();
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        new AgentThread(() -> {
            while (!blackhole.isClosed()) {
                try {
                    held.add(blackhole.accept());   // held open, never read, never answered
                } catch (IOException e) {
                    // closed
                }
            }
        }, "watchdog-test-blackhole").start();
        closeables.add(() -> held.forEach(h -> {
            try {
                h.close();
            } catch (IOException ignored) {
                // closing
            }
        }));
        String url = "jdbc:h2:tcp://127.0.0.1:" + blackhole.getLocalPort() + "/mem:x";
        for (String u : List.of(url, url + ";NETWORK_TIMEOUT=300")) {
            JdbcCheck check = new JdbcCheck(u, "sa", "", null);
            long begin = System.nanoTime();
            // preemptive: without a driver-level timeout this read never returns
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(5), () -> org.junit.jupiter.api.Assertions.assertThrows(
                            java.sql.SQLException.class, () -> check.run(java.time.Duration.ofMillis(300))),
                    u + ": the check was still waiting on the server after 5 s");
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(millis < 2_000, u + ": the check took " + millis + " ms: " + e);
            assertTrue(String.valueOf(e.getMessage()).contains("timed out"), u + ": " + e);
        }
    }

    /** A tiny RESP responder: +OK to AUTH with the right password, -WRONGPASS otherwise, +PONG to PING. */
    private int respServer(String password) throws IOException {
        ServerSocket s = server();
        new AgentThread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = c.getOutputStream();
                    String header;
                    while ((header = in.readLine()) != null) {
                        int n = Integer.parseInt(header.substring(1));
                        List<String> parts = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            in.readLine();
                            parts.add(in.readLine());
                        }
                        String reply = switch (parts.get(0)) {
                            case "AUTH" -> parts.get(parts.size() - 1).equals(password) ? "+OK" : "-WRONGPASS invalid password";
                            case "PING" -> "+PONG";
                            default -> "-ERR unknown";
                        };
                        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException e) {
                    // next connection
                }
            }
        }, "watchdog-test-resp").start();
        return s.getLocalPort();
    }

    @Test
    void redisPingAndAuth() throws Exception {
        int port = respServer("pw");
        HealthPinger p = pinger(config("watchdog.health.interval=50ms",
                "watchdog.target.good.check=redis://:pw@127.0.0.1:" + port,
                "watchdog.target.wrong.check=redis://:nope@127.0.0.1:" + port,
                "watchdog.target.noauth.check=redis://127.0.0.1:" + port + "/0"));
        awaitHealth(p, "good", Health.UP);
        awaitHealth(p, "wrong", Health.DOWN);
        awaitHealth(p, "noauth", Health.UP);   // our responder does not demand AUTH
        TargetView wrong = p.snapshot().stream().filter(v -> v.name().equals("wrong")).findFirst().orElseThrow();
        assertEquals("AUTH refused: -WRONGPASS invalid password", wrong.transitions().get(0).reason());
        assertEquals("redis://:***@127.0.0.1:" + port, wrong.check());
        assertEquals(List.of("127.0.0.1:" + port), wrong.hosts());
    }

    @Test
    void realRedisWhenPresent() throws Exception {
        LocalRedis.assumeRunning();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms", "watchdog.target.cache.check=redis://127.0.0.1"));
        awaitHealth(p, "cache", Health.UP);
        assertEquals(List.of("127.0.0.1:6379"), p.snapshot().get(0).hosts());
    }

    @Test
    void discoveryAddsBoundedImplicitTargets() throws Exception {
        ServerSocket a = server();
        ServerSocket b = server();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms", "watchdog.health.discover.max=1"));
        String key = "127.0.0.1:" + a.getLocalPort();
        assertTrue(p.discover(key));
        assertFalse(p.discover(key), "known: nothing added");
        assertFalse(p.discover("127.0.0.1:" + b.getLocalPort()), "beyond discover.max");
        awaitHealth(p, key, Health.UP);
        TargetView v = p.snapshot().get(0);
        assertTrue(v.discovered());
        assertEquals("tcp://" + key, v.check());
        // configuring a target turns the default (auto) discovery off: the implicit target goes, its holds released
        p.reconfigure(config("watchdog.health.interval=50ms", "watchdog.target.db.check=tcp://" + key));
        assertEquals(1, listener.count(key + ":removed"));
        assertEquals(List.of("db"), p.snapshot().stream().map(TargetView::name).toList());
        assertFalse(p.discover("127.0.0.1:" + b.getLocalPort()));
    }

    /** A discovered target has no settings of its own: a reload's global interval and thresholds reach it, its verdict kept. */
    @Test
    void discoveredTargetsFollowReloadedGlobalSettings() throws Exception {
        ServerSocket a = server();
        HealthPinger p = pinger(config("watchdog.health.interval=50ms"));
        String key = "127.0.0.1:" + a.getLocalPort();
        assertTrue(p.discover(key));
        awaitHealth(p, key, Health.UP);
        p.reconfigure(config("watchdog.health.interval=70ms", "watchdog.health.unhealthy-threshold=4"));
        assertEquals(java.time.Duration.ofMillis(70), p.target(key).interval());
        assertEquals(4, p.target(key).unhealthyThreshold());
        assertEquals(Health.UP, p.health(key), "same check: the verdict carries over");
        assertEquals(0, listener.count(key + ":removed"));
    }

    @Test
    void liveUpdateKeepsUnchangedAndInheritsSameCheck() throws Exception {
        ServerSocket up = server();
        ServerSocket gone = server();
        int downPort = gone.getLocalPort();
        gone.close();
        String upCheck = "watchdog.target.up.check=tcp://127.0.0.1:" + up.getLocalPort();
        String downCheck = "watchdog.target.down.check=tcp://127.0.0.1:" + downPort;
        HealthPinger p = pinger(config("watchdog.health.interval=50ms", upCheck, downCheck));
        awaitHealth(p, "up", Health.UP);
        awaitHealth(p, "down", Health.DOWN);
        TargetView upBefore = p.snapshot().get(1);
        // "down" only gets a new interval: it keeps its verdict (and so its breaker) without a new transition
        p.update(config("watchdog.health.interval=50ms", upCheck, downCheck, "watchdog.target.down.interval=80ms").targets());
        assertEquals(Health.DOWN, p.health("down"));
        assertEquals(1, listener.count("down:UNKNOWN->DOWN"));
        assertEquals(0, listener.count("down:removed"));
        assertEquals(upBefore.since(), p.snapshot().get(1).since(), "unchanged target untouched");
        // removing "down" reports its removal (its breaker closes)
        p.update(config("watchdog.health.interval=50ms", upCheck).targets());
        assertEquals(1, listener.count("down:removed"));
        assertEquals(Health.UNKNOWN, p.health("down"));
        assertEquals(Health.UP, p.health("up"));
    }

    /** 100 targets checking the same host:port share one probe: about one connection per interval, not 100. */
    @Test
    void identicalChecksShareOneProbePerInterval() throws Exception {
        ServerSocket s = server();
        AtomicInteger accepts = new AtomicInteger();
        Thread acceptor = new AgentThread(() -> {
            while (!s.isClosed()) {
                try (Socket ignored = s.accept()) {
                    accepts.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "watchdog-test-acceptor");
        acceptor.start();
        List<String> lines = new ArrayList<>(List.of("watchdog.health.interval=100ms"));
        for (int i = 0; i < 100; i++) {
            lines.add("watchdog.target.t" + i + ".check=tcp://127.0.0.1:" + s.getLocalPort());
        }
        lines.add("watchdog.target.other.check=tcp://127.0.0.1:" + s.getLocalPort());
        lines.add("watchdog.target.other.timeout=2s");   // another timeout: another probe
        HealthPinger p = pinger(config(lines.toArray(String[]::new)));
        Await.until("all UP", () -> p.snapshot().stream().allMatch(v -> v.health() == Health.UP), p::snapshot);
        assertEquals(2, p.probeCount());
        int before = accepts.get();
        long started = System.nanoTime();
        Thread.sleep(1000);
        int probes = accepts.get() - before;
        double intervals = (System.nanoTime() - started) / 100e6;
        // two probes (the 100 targets' and "other"'s) per interval; 101 per interval without sharing
        assertTrue(probes <= 2 * (intervals + 2) * 1.5, probes + " connections in " + intervals + " intervals");
        Thread.sleep(200);
        assertTrue(p.snapshot().stream().allMatch(v -> v.checks() > 10), "every target still decides on its own");
    }
}
