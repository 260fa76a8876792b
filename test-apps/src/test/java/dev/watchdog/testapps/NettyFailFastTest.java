package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.clients.NettyClientsApp;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Netty and the clients on it ({@link NettyClientsApp}): plain Netty, Reactor Netty's HttpClient, Spring's
 * WebClient against the JDK HttpServer, r2dbc-postgresql against PostgreSQL, each behind its own TcpProxy,
 * with the socket-level fallback off. One child JVM per transport (epoll, the default with the native jar;
 * NIO with {@code -Dio.netty.transport.noNative=true -Dreactor.netty.native=false}); the channel class each
 * kind really used is asserted. In that one run, in turn:
 * <ol>
 *   <li><b>warm connections, then blackholed</b> (HTTP, then PostgreSQL): the proxy keeps every open
 *       connection and answers nothing. {@code netty-keepalive} writes on a channel that stays open and makes
 *       no connect: only the write hook ({@code HeadContext#write}) can reject it. {@code r2dbc} writes on
 *       its one open connection: its first rejections are the write hook's too (a replaced connection is
 *       then refused by the acquire hook of {@code NewConnectionProvider}). {@code reactor-netty} and
 *       {@code webclient} have idle pooled connections: the pool's acquire hook rejects first, so no request
 *       is ever written on them. {@code netty-connect} opens a new channel: the connect hook.</li>
 *   <li><b>refused</b>: the proxy closes everything; plain Netty is rejected at its connect
 *       ({@code HeadContext#connect}: no other hook sees {@code netty-connect}), Reactor Netty and WebClient
 *       at acquire, r2dbc at acquire of its new connection;</li>
 *   <li><b>blackholed from the start</b>: a third proxy, blackholed before the child starts, named by
 *       the {@code -cold} kinds, which never had a working connection; {@code netty-connect-cold} only by
 *       the connect hook, the others by acquire;</li>
 *   <li><b>recovery</b>: after each outage, and for the cold target once it forwards, every kind works again.</li>
 * </ol>
 * Every call begun while its target's breaker was open must fail with the agent's rejection (the message
 * is found in the cause chain: r2dbc wraps a refused connect), in under 50 ms. The child runs with
 * {@code -Dio.netty.leakDetection.level=paranoid}: a message the write hook dropped without releasing
 * would be reported ({@code LEAK:}); none may be.
 */
class NettyFailFastTest {

    private static final List<String> HTTP_KINDS = List.of("netty-connect", "netty-keepalive", "reactor-netty", "webclient");
    private static final List<String> DB_KINDS = List.of("r2dbc");
    private static final List<String> COLD_KINDS = List.of("netty-connect-cold", "reactor-netty-cold", "webclient-cold");

    @TempDir
    Path dir;

    /**
     * Epoll, with {@code watchdog.breaker.release-waiting=false}: the agent leaves the application's open
     * connections alone when a breaker opens, so the warm keep-alive channel and r2dbc's connection stay
     * open through the blackhole, and only the write hook can reject what is sent on them (asserted: every
     * rejected {@code netty-keepalive} call failed in its write). Paranoid leak detection: every buffer the
     * write hook dropped must have been released.
     */
    @Test
    void epollWithOpenConnectionsKept() throws Exception {
        run("epoll", "Epoll", false, "-Dio.netty.leakDetection.level=paranoid");
    }

    /**
     * NIO with the defaults: when a breaker opens the agent also shuts down the connections to the host
     * (release-waiting), so the clients' next calls find no open connection and are rejected at acquire
     * or connect; the write hook is then a second line.
     */
    @Test
    void nioWithDefaults() throws Exception {
        run("nio", "Nio", true, "-Dio.netty.transport.noNative=true", "-Dreactor.netty.native=false");
    }

    private void run(String transport, String channelPrefix, boolean releaseWaiting, String... jvmOptions) throws Exception {
        LocalServers.requirePostgres();
        try (SwitchableHttpServer http = SwitchableHttpServer.start();
             TcpProxy api = new TcpProxy(http.port());
             TcpProxy cold = new TcpProxy(http.port());
             TcpProxy db = new TcpProxy(LocalServers.POSTGRES_PORT)) {
            cold.blackhole();
            String base = "http://" + api.hostPort();
            String coldBase = "http://" + cold.hostPort();
            Path stop = dir.resolve("stop");
            Path config = WatchdogConfig.fast().clientHooksOnly()
                    .target("api", base + "/health")
                    .target("cold", coldBase + "/health")
                    .target("db", "jdbc:postgresql://" + db.hostPort() + "/test?user=postgres&password=test")
                    .set("watchdog.breaker.release-waiting", String.valueOf(releaseWaiting))
                    .write(dir);
            List<String> kinds = new ArrayList<>(HTTP_KINDS);
            kinds.addAll(DB_KINDS);
            kinds.addAll(COLD_KINDS);
            ChildJvm.Builder builder = Children.withAgent(NettyClientsApp.class, config)
                    .jvmOption("-Dnetty.app.stop=" + stop);
            for (String option : jvmOptions) {
                builder.jvmOption(option);
            }
            try (ChildJvm app = builder.args(base, Children.PERIOD_MS, 90, String.join(",", kinds), db.hostPort(), coldBase).start()) {
                List<String> warm = new ArrayList<>(HTTP_KINDS);
                warm.addAll(DB_KINDS);
                FailFast.awaitAgentReady(app, warm);
                long ready = System.nanoTime();
                Line coldDown = app.awaitLine(Stream.STDERR, AgentOutput.health("cold", "DOWN", cold.hostPort()), Long.MIN_VALUE, FailFast.STARTUP);

                List<Judged> report = new ArrayList<>();
                Judged apiBlackhole = walk(app, api, TcpProxy.Mode.BLACKHOLE, "api", HTTP_KINDS, transport);
                report.add(apiBlackhole);
                Judged dbBlackhole = walk(app, db, TcpProxy.Mode.BLACKHOLE, "db", DB_KINDS, transport);
                report.add(dbBlackhole);
                if (!releaseWaiting) {
                    assertEquals(Set.of("WriteFailed"), apiBlackhole.exceptions().get("netty-keepalive"),
                            "the open keep-alive channel's calls are rejected by the write hook alone\n" + app.describe());
                }
                report.add(walk(app, api, TcpProxy.Mode.REFUSE, "api", HTTP_KINDS, transport));
                report.add(walk(app, db, TcpProxy.Mode.REFUSE, "db", DB_KINDS, transport));

                long restored = System.nanoTime();
                // judged from when the others' first calls succeeded: before that, the cold calls' event loops were
                // still busy with the start (and, with release-waiting, tearing down ~90 blackholed connections)
                report.add(judge(app, "cold-start", transport, Math.max(coldDown.nanos() + FailFast.MARGIN_NANOS, ready),
                        restored, cold.hostPort(), COLD_KINDS));
                cold.forward();
                Line up = app.awaitLine(Stream.STDERR, AgentOutput.health("cold", "UP", cold.hostPort()), restored, FailFast.DETECTION);
                for (String kind : COLD_KINDS) {
                    app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
                }

                Files.createFile(stop);
                FailFast.assertCleanExit(app);
                Map<String, String> channels = new TreeMap<>();
                for (Line l : app.stdout()) {
                    if (l.text().startsWith("TRANSPORT ")) {
                        String[] parts = l.text().split(" ");
                        channels.put(parts[1], parts[2]);
                    }
                }
                System.out.println("NETTY-REPORT " + transport + " channels=" + channels);
                report.forEach(r -> System.out.println("NETTY-REPORT " + r));
                for (String kind : kinds) {
                    // the -cold kinds of Reactor Netty and WebClient share their client (and its line) with the others
                    String channel = channels.get(kind.equals("netty-connect-cold") ? kind : kind.replace("-cold", ""));
                    assertTrue(channel != null && channel.startsWith(channelPrefix),
                            kind + " ran on " + channel + ", not " + channelPrefix + "...\n" + app.describe());
                }
                List<String> leaks = leakReports(app);
                leaks.forEach(l -> System.out.println("NETTY-REPORT " + transport + " leak reported: " + l.lines().findFirst().orElse("")));
                List<String> writeLeaks = leaks.stream().filter(l -> l.contains("AbstractChannelHandlerContext.write(")).toList();
                assertEquals(List.of(), writeLeaks, () -> "Netty reported leaked outbound messages\n" + app.describe());
            }
        }
    }

    /**
     * {@link FailFast#walk}'s outage and recovery, except that a rejection is told by the agent's message
     * alone (the exception is each client's own); returns the rejected calls' times and exceptions per kind.
     */
    private static Judged walk(ChildJvm app, TcpProxy proxy, TcpProxy.Mode mode, String target, List<String> kinds,
                               String transport) throws Exception {
        String hostPort = proxy.hostPort();
        long switched = System.nanoTime();
        if (mode == TcpProxy.Mode.BLACKHOLE) {
            proxy.blackhole();
        } else {
            proxy.refuse();
        }
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), switched, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, rejected(kind, hostPort), switched, FailFast.DETECTION);
        }
        FailFast.sleep(FailFast.HOLD);
        long restored = System.nanoTime();
        proxy.forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), restored, FailFast.DETECTION);
        for (String kind : kinds) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }
        return judge(app, target + "-" + mode.name().toLowerCase(), transport, down.nanos() + FailFast.MARGIN_NANOS, restored, hostPort, kinds);
    }

    /** Every call of {@code kinds} begun in [from, to] was rejected for {@code hostPort}, fast; at least 5 of each. */
    private static Judged judge(ChildJvm app, String scenario, String transport, long from, long to, String hostPort, List<String> kinds) {
        List<CallLine> whileDown = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= from && c.endNanos() <= to).toList();
        StringBuilder report = new StringBuilder(transport + " " + scenario + ":");
        Map<String, Set<String>> exceptions = new TreeMap<>();
        for (String kind : kinds) {
            List<CallLine> calls = whileDown.stream().filter(c -> c.kind().equals(kind)).toList();
            assertTrue(calls.size() >= 5, "only " + calls.size() + " " + kind + " calls while " + hostPort + " was DOWN\n" + app.describe());
            int closedByClient = 0;
            for (CallLine c : calls) {
                if (c.micros() >= FailFast.REJECTION_MAX_MICROS) {
                    fail(scenario + ": " + kind + " call took " + c.micros() + " us: " + c + "\n" + app.describe());
                }
                if (kind.equals("r2dbc") && "PostgresConnectionClosedException".equals(c.exception()) && closedByClient++ < 2) {
                    // r2dbc-postgresql closes its connection when a write fails (here: the write hook's rejection)
                    // and fails the call that wrote, or one racing it, with "connection is closed", dropping the cause
                    continue;
                }
                if (c.ok() || !c.message().startsWith(CallLine.REJECTION_PREFIX + hostPort)) {
                    fail(scenario + ": a " + kind + " call begun while " + hostPort + " was DOWN was not rejected by the agent: "
                            + c + "\n" + app.describe());
                }
                if (c.micros() >= FailFast.REJECTION_MAX_MICROS) {
                    fail(scenario + ": rejected " + kind + " call took " + c.micros() + " us: " + c + "\n" + app.describe());
                }
            }
            long[] micros = calls.stream().mapToLong(CallLine::micros).sorted().toArray();
            Set<String> seen = calls.stream().map(CallLine::exception).collect(Collectors.toCollection(TreeSet::new));
            exceptions.put(kind, seen);
            report.append(String.format(" %s n=%d median=%dus max=%dus %s;", kind, micros.length, micros[micros.length / 2],
                    micros[micros.length - 1], seen));
        }
        return new Judged(report.toString(), exceptions);
    }

    /** One scenario's judged calls: a line for the report, and the exceptions each kind's rejected calls had. */
    private record Judged(String line, Map<String, Set<String>> exceptions) {
        @Override
        public String toString() {
            return line;
        }
    }

    /**
     * Netty's leak reports ({@code LEAK:} and the access records after it) from the child's stderr. A message
     * the write hook dropped went through {@code AbstractChannelHandlerContext.write} (its records say so); a
     * received buffer an application or library lost did not.
     */
    private static List<String> leakReports(ChildJvm app) {
        List<String> reports = new ArrayList<>();
        StringBuilder current = null;
        for (Line l : app.stderr()) {
            String text = l.text();
            if (text.contains("LEAK:")) {
                if (current != null) {
                    reports.add(current.toString());
                }
                current = new StringBuilder(text);
            } else if (current != null && (text.startsWith("\t") || text.startsWith("#") || text.startsWith("Created at")
                    || text.startsWith("Recent access") || text.startsWith(" ") || text.contains(": ") && !text.matches("^\\d{4}-.*"))) {
                current.append('\n').append(text);
            } else if (current != null) {
                reports.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            reports.add(current.toString());
        }
        return reports;
    }

    private static java.util.function.Predicate<String> rejected(String kind, String hostPort) {
        return text -> CallLine.parse(new Line(0, text))
                .filter(c -> c.kind().equals(kind) && !c.ok() && c.message().startsWith(CallLine.REJECTION_PREFIX + hostPort)).isPresent();
    }
}
