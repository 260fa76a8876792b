package dev.watchdog.testapps.brokers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.clients.MongoApp;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB sync driver 5 with the agent, socket-level fallback off. No MongoDB server runs here: the
 * driver talks to real sockets that never become a server, two TcpProxies:
 * <ul>
 * <li>host A, checked by {@code tcp://A}: first forwarding to a closed port (accepted, then closed: the
 * check passes, the driver finds no server), then refused;</li>
 * <li>host B, blackholed throughout (accepts, never answers; a tcp:// check of it would pass), checked
 * through a health port of its own, C ({@code tcp://C} with {@code hosts=B}), which is then refused.</li>
 * </ul>
 * The {@code single} client knows A, the {@code multi} client A and B. The test proves that while a
 * breaker is closed no call is failed by the agent (each waits the driver's server selection timeout,
 * 1.5 s here, and fails the driver's own way); that with A open and B not, the multi client still waits
 * (a cluster is rejected only when every host is open) while the single one fails at once; that with
 * both open both fail at once with MongoTimeoutException carrying the agent's message; and that after
 * both close the calls are the driver's again.
 */
class MongoFailFastTest {

    private static final String TIMEOUT = "MongoTimeoutException";
    private static final Duration WAITED = Duration.ofMillis(MongoApp.SELECTION_MS + 3_000);

    @TempDir
    Path dir;

    @Test
    void serverSelectionFailsFastOnlyWhileEveryHostIsOpen() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (TcpProxy a = new TcpProxy(closedPort); TcpProxy b = new TcpProxy(closedPort); TcpProxy c = new TcpProxy(closedPort)) {
            b.blackhole();
            String hostA = a.hostPort();
            String hostB = b.hostPort();
            Path config = WatchdogConfig.fast().clientHooksOnly()
                    .target("a", "tcp://" + hostA)
                    .target("b", "tcp://" + c.hostPort()).set("watchdog.target.b.hosts", hostB)
                    .write(dir);
            try (ChildJvm app = Children.withAgent(MongoApp.class, config)
                    .args(hostA + "," + hostB, 200, 16, String.join(",", MongoApp.KINDS)).start()) {
                Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
                // breakers closed: the driver's own wait and failure
                for (String kind : MongoApp.KINDS) {
                    app.awaitLine(Stream.STDOUT, driverTimeout(kind), started.nanos(), FailFast.STARTUP);
                }

                // A open, B not: single rejected at once, multi still the driver's
                long switched = System.nanoTime();
                a.refuse();
                Line aDown = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "DOWN", hostA), switched, FailFast.DETECTION);
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("single", TIMEOUT, hostA), aDown.nanos(), FailFast.DETECTION);
                // multi calls begun after A's DOWN end the driver's way, after its selection timeout
                FailFast.sleep(Duration.ofMillis(MongoApp.SELECTION_MS + 800));
                List<CallLine> multiWhileAOnly = BrokerCalls.between(app, "multi", aDown.nanos() + FailFast.MARGIN_NANOS, System.nanoTime());
                assertFalse(multiWhileAOnly.isEmpty(), app::describe);
                assertTrue(multiWhileAOnly.stream().allMatch(c2 -> !c2.ok() && !c2.isRejection()
                                && c2.micros() >= (MongoApp.SELECTION_MS - 100) * 1_000),
                        () -> "a multi-host call was rejected (or did not wait) while one host was still closed\n" + app.describe());

                // both open: both rejected at once
                long bSwitched = System.nanoTime();
                c.refuse();
                Line bDown = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "DOWN", hostB), bSwitched, FailFast.DETECTION);
                // the message names the first host of the client's settings
                Line multiRejected = app.awaitLine(Stream.STDOUT, rejectedNamingEither("multi", hostA, hostB), bDown.nanos(), FailFast.DETECTION);
                String multiHost = CallLine.parse(multiRejected).orElseThrow().message().contains(hostA) ? hostA : hostB;
                FailFast.sleep(FailFast.HOLD);
                long restored = System.nanoTime();
                long from = bDown.nanos() + FailFast.MARGIN_NANOS;
                FailFast.assertRejectedWhileDown(app, from, restored, TIMEOUT, hostA, List.of("single"));
                FailFast.assertRejectedWhileDown(app, from, restored, TIMEOUT, multiHost, List.of("multi"));
                // single, between A's DOWN and B's: rejected too
                FailFast.assertRejectedWhileDown(app, aDown.nanos() + FailFast.MARGIN_NANOS, bDown.nanos(), TIMEOUT, hostA, List.of("single"));
                for (String kind : MongoApp.KINDS) {
                    BrokerCalls.summary("mongodb every-host-open", kind, BrokerCalls.between(app, kind, from, restored));
                }
                for (String kind : MongoApp.KINDS) {
                    BrokerCalls.summary("mongodb closed-breaker", kind, BrokerCalls.between(app, kind, 0, switched));
                }
                BrokerCalls.summary("mongodb one-host-open", "multi", multiWhileAOnly);

                // both closed again: the driver's own way again
                a.forward();
                c.forward();
                Line aUp = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "UP", hostA), restored, FailFast.DETECTION);
                Line bUp = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "UP", hostB), restored, FailFast.DETECTION);
                long up = Math.max(aUp.nanos(), bUp.nanos());
                for (String kind : MongoApp.KINDS) {
                    app.awaitLine(Stream.STDOUT, driverTimeout(kind), up, WAITED);
                }
                assertTrue(CallLine.all(app).stream().filter(c2 -> c2.startNanos() > up + FailFast.MARGIN_NANOS)
                        .noneMatch(CallLine::isRejection), app::describe);
                FailFast.assertCleanExit(app);
            }
        }
    }

    private static Predicate<String> rejectedNamingEither(String kind, String hostA, String hostB) {
        return CallLine.rejectionLine(kind, TIMEOUT, hostA).or(CallLine.rejectionLine(kind, TIMEOUT, hostB));
    }

    /** A call that failed the driver's way: its selection timeout, waited in full, without the agent's message. */
    private static Predicate<String> driverTimeout(String kind) {
        return new Predicate<>() {
            @Override
            public boolean test(String text) {
                return CallLine.parse(new Line(0, text)).filter(c -> c.kind().equals(kind) && !c.ok()
                        && TIMEOUT.equals(c.exception()) && !c.isRejection()
                        && c.micros() >= (MongoApp.SELECTION_MS - 100) * 1_000).isPresent();
            }

            @Override
            public String toString() {
                return "CALL " + kind + " FAIL " + TIMEOUT + " after the driver's selection timeout";
            }
        };
    }
}
