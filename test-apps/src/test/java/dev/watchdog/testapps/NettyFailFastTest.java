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
 * WebClient against the JDK HttpServer, r2dbc-postgresql against PostgreSQL (its health check a
 * {@code jdbc:postgresql://} URL), each behind its own TcpProxy, with the socket-level fallback off. One
 * child JVM per transport: epoll (the default with netty-transport-native-epoll's linux-x86_64 jar) and NIO
 * ({@code -Dio.netty.transport.noNative=true -Dreactor.netty.native=false}); the channel class each kind
 * really used is asserted. In each run, in turn:
 * <ol>
 *   <li><b>warm connections, then blackholed</b> (HTTP, then PostgreSQL): the proxy keeps every open
 *       connection and answers nothing;</li>
 *   <li><b>refused</b>: the proxy closes everything and refuses connects;</li>
 *   <li><b>blackholed from the start</b>: a third proxy, blackholed before the child starts, named by the
 *       {@code -cold} kinds, which never had a working connection;</li>
 *   <li><b>recovery</b>: after each outage, and for the cold target once it forwards, every kind works again.</li>
 * </ol>
 * Every call begun while its target's breaker was open must fail with the agent's rejection (found in the
 * cause chain: clients wrap it), in under 50 ms (a new plain-Netty channel: 250 ms).
 *
 * <p>Which hook can have passed what (no switch turns one hook off; the scenarios leave only one):
 * <ul>
 *   <li>{@code netty-connect} and {@code netty-connect-cold} (a new plain-Netty channel per call, no Reactor
 *       Netty) in every outage: only the connect hook, {@code HeadContext#connect}, on epoll and NIO alike;</li>
 *   <li>{@code netty-keepalive} blackholed in the epoll run: its channel stays open (the run sets
 *       {@code watchdog.breaker.release-waiting=false}, so the agent does not shut the application's
 *       connections down when the breaker opens) and no connect is made: only the write hook,
 *       {@code HeadContext#write} (asserted: every rejection failed the request's write);</li>
 *   <li>{@code r2dbc} blackholed in the epoll run: the statements waiting on its open connection are failed
 *       with the agent's message by r2dbc's own client when the next write on that connection is rejected
 *       (asserted); the connection then closed, later calls are refused at {@code NewConnectionProvider#acquire};</li>
 *   <li>{@code reactor-netty}, {@code webclient} and their {@code -cold} kinds: the pool's acquire hook comes
 *       first ({@code PooledConnectionProvider#acquire}); the connect and write hooks below would catch
 *       what it missed, but cannot be told apart from it here.</li>
 * </ul>
 * The NIO run keeps the defaults: when a breaker opens the agent also shuts the connections to the host
 * down, so the clients' next calls are rejected at acquire or connect. The epoll run has
 * {@code -Dio.netty.leakDetection.level=paranoid}: a message the write hook dropped without releasing it
 * would be reported with its pass through {@code AbstractChannelHandlerContext.write}; none may be.
 */
class NettyFailFastTest {

    private static final List<String> HTTP_KINDS = List.of("netty-connect", "netty-keepalive", "reactor-netty", "webclient");
    private static final List<String> DB_KINDS = List.of("r2dbc");
    private static final List<String> COLD_KINDS = List.of("netty-connect-cold", "reactor-netty-cold", "webclient-cold");

    /**
     * A plain-Netty call on a new channel is rejected on its event loop, after the channel was created and
     * registered there (a socket opened, two thread hops): on a busy machine, under paranoid leak detection,
     * that took up to 67 ms; the suite's 50 ms holds for every other kind.
     */
    private static final long NEW_CHANNEL_REJECTION_MAX_MICROS = 250_000;

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
                    // r2dbc's statements waiting on its blackholed connection end when the next write on it is
                    // rejected: r2dbc's client fails them with the write's failure (the agent's message)
                    assertTrue(dbBlackhole.endedWhileDown().stream().anyMatch(c -> c.exception() != null
                                    && c.exception().startsWith("ReactorNettyClient$") && c.isRejection()),
                            "no r2dbc call failed by the write hook on its open connection\n" + app.describe());
                    assertEquals(Set.of("NettyClientsApp$WriteFailed"), apiBlackhole.exceptions().get("netty-keepalive"),
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
                if (c.micros() >= (kind.startsWith("netty-connect") ? NEW_CHANNEL_REJECTION_MAX_MICROS : FailFast.REJECTION_MAX_MICROS)) {
                    fail(scenario + ": " + kind + " call took " + c.micros() + " us: " + c + "\n" + app.describe());
                }
                if (kind.equals("r2dbc") && c.exception().endsWith("PostgresConnectionClosedException") && closedByClient++ < 2) {
                    // r2dbc-postgresql closes its connection when a write fails (here: the write hook's rejection)
                    // and fails the call that wrote, or one racing it, with "connection is closed", dropping the cause
                    continue;
                }
                if (c.ok() || !c.message().startsWith(CallLine.REJECTION_PREFIX + hostPort)) {
                    fail(scenario + ": a " + kind + " call begun while " + hostPort + " was DOWN was not rejected by the agent: "
                            + c + "\n" + app.describe());
                }
                if (c.micros() >= (kind.startsWith("netty-connect") ? NEW_CHANNEL_REJECTION_MAX_MICROS : FailFast.REJECTION_MAX_MICROS)) {
                    fail(scenario + ": rejected " + kind + " call took " + c.micros() + " us: " + c + "\n" + app.describe());
                }
            }
            long[] micros = calls.stream().mapToLong(CallLine::micros).sorted().toArray();
            Set<String> seen = calls.stream().map(CallLine::exception).collect(Collectors.toCollection(TreeSet::new));
            exceptions.put(kind, seen);
            report.append(String.format(" %s n=%d median=%dus max=%dus %s;", kind, micros.length, micros[micros.length / 2],
                    micros[micros.length - 1], seen));
        }
        List<CallLine> ended = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.endNanos() >= from - FailFast.MARGIN_NANOS && c.endNanos() <= to).toList();
        return new Judged(report.toString(), exceptions, ended);
    }

    /**
     * One scenario's judged calls: a line for the report, the exceptions each kind's rejected calls had, and
     * every call of the kinds that ended while the breaker was open (begun before it opened too).
     */
    private record Judged(String line, Map<String, Set<String>> exceptions, List<CallLine> endedWhileDown) {
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
