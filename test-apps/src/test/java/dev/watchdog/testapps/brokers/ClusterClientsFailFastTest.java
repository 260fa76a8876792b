package dev.watchdog.testapps.brokers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.clients.ClusterClientsApp;
import dev.watchdog.testapps.clients.KafkaApp;
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
 * The MongoDB sync driver 5 and Kafka's producer and consumer (kafka-clients 4), in one child JVM with
 * the agent, socket-level fallback off. No MongoDB server or Kafka broker runs here: the clients talk to
 * real sockets that never become a server, two TcpProxies:
 * <ul>
 * <li>host A, checked by {@code tcp://A}: first forwarding to a closed port (accepted, then closed: the
 * check passes, the clients find no server), then refused;</li>
 * <li>host B, blackholed throughout (accepts, never answers; a tcp:// check of it would pass), checked
 * through a health port of its own, C ({@code tcp://C} with {@code hosts=B}), which is then refused.</li>
 * </ul>
 * MongoDB's {@code single} client knows A; its {@code multi} client, the producer ({@code send}) and the
 * consumer ({@code poll}) know A and B. The test proves:
 * <ol>
 * <li>while the breakers are closed no call is failed by the agent: server selection waits its timeout
 * (1.5 s here) and fails with the driver's MongoTimeoutException, {@code send} waits {@code max.block.ms}
 * (1.5 s) and fails with the producer's TimeoutException;</li>
 * <li>with A open and B not, {@code single} fails at once, while {@code multi} and {@code send} still wait
 * (a cluster is rejected only while every host is open);</li>
 * <li>with both open, all three fail at once with the agent's message: MongoTimeoutException from
 * server selection, TimeoutException through {@code send}'s callback and future ({@code send} never
 * throws);</li>
 * <li>once both close, the calls are the clients' own again;</li>
 * <li>the consumer's {@code poll}, not instrumented, returns as it does without the agent (empty, after
 * its 100 ms) in every phase.</li>
 * </ol>
 */
class ClusterClientsFailFastTest {

    private static final String MONGO_TIMEOUT = "MongoTimeoutException";
    private static final String KAFKA_TIMEOUT = "TimeoutException";
    private static final long CLIENT_WAIT_MS = Math.max(MongoApp.SELECTION_MS, KafkaApp.MAX_BLOCK_MS);
    private static final Duration WAITED = Duration.ofMillis(CLIENT_WAIT_MS + 3_000);
    private static final List<String> WAITING_KINDS = List.of("single", "multi", "send");

    @TempDir
    Path dir;

    @Test
    void mongoAndKafkaFailFastOnlyWhileEveryHostIsOpenAndPollIsUntouched() throws Exception {
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
            try (ChildJvm app = Children.withAgent(ClusterClientsApp.class, config)
                    .args(hostA + "," + hostB, 200, 16, String.join(",", ClusterClientsApp.KINDS)).start()) {
                Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
                for (String kind : WAITING_KINDS) {
                    app.awaitLine(Stream.STDOUT, clientTimeout(kind), started.nanos(), FailFast.STARTUP);
                }
                app.awaitLine(Stream.STDOUT, CallLine.okLine("poll"), started.nanos(), FailFast.STARTUP);

                // A open, B not: single rejected at once; multi and send still the clients' own
                long switched = System.nanoTime();
                a.refuse();
                Line aDown = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "DOWN", hostA), switched, FailFast.DETECTION);
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("single", MONGO_TIMEOUT, hostA), aDown.nanos(), FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(CLIENT_WAIT_MS + 800));
                long aOnlyEnd = System.nanoTime();
                for (String kind : List.of("multi", "send")) {
                    List<CallLine> whileAOnly = BrokerCalls.between(app, kind, aDown.nanos() + FailFast.MARGIN_NANOS, aOnlyEnd);
                    assertFalse(whileAOnly.isEmpty(), app::describe);
                    assertTrue(whileAOnly.stream().allMatch(call -> clientTimeout(kind).test(text(call))),
                            () -> "a " + kind + " call was rejected (or did not wait) while one host was still closed\n" + app.describe());
                    BrokerCalls.summary("one-host-open", kind, whileAOnly);
                }

                // both open: every waiting kind rejected at once
                long bSwitched = System.nanoTime();
                c.refuse();
                Line bDown = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "DOWN", hostB), bSwitched, FailFast.DETECTION);
                // a cluster's rejection names the first host of the client's settings
                Line multiRejected = app.awaitLine(Stream.STDOUT, rejectedNamingEither("multi", MONGO_TIMEOUT, hostA, hostB),
                        bDown.nanos(), FailFast.DETECTION);
                Line sendRejected = app.awaitLine(Stream.STDOUT, rejectedNamingEither("send", KAFKA_TIMEOUT, hostA, hostB),
                        bDown.nanos(), FailFast.DETECTION);
                FailFast.sleep(FailFast.HOLD);
                long restored = System.nanoTime();
                long from = bDown.nanos() + FailFast.MARGIN_NANOS;
                FailFast.assertRejectedWhileDown(app, aDown.nanos() + FailFast.MARGIN_NANOS, restored, MONGO_TIMEOUT, hostA, List.of("single"));
                FailFast.assertRejectedWhileDown(app, from, restored, MONGO_TIMEOUT, named(multiRejected, hostA, hostB), List.of("multi"));
                FailFast.assertRejectedWhileDown(app, from, restored, KAFKA_TIMEOUT, named(sendRejected, hostA, hostB), List.of("send"));
                for (String kind : WAITING_KINDS) {
                    BrokerCalls.summary("closed-breakers", kind, BrokerCalls.between(app, kind, 0, switched));
                    BrokerCalls.summary("every-host-open", kind, BrokerCalls.between(app, kind, from, restored));
                }

                // both closed again: the clients' own way again
                a.forward();
                c.forward();
                Line aUp = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "UP", hostA), restored, FailFast.DETECTION);
                Line bUp = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "UP", hostB), restored, FailFast.DETECTION);
                long up = Math.max(aUp.nanos(), bUp.nanos());
                for (String kind : WAITING_KINDS) {
                    app.awaitLine(Stream.STDOUT, clientTimeout(kind), up, WAITED);
                }
                FailFast.assertCleanExit(app);

                List<CallLine> all = CallLine.all(app);
                assertTrue(all.stream().filter(call -> call.startNanos() > up + FailFast.MARGIN_NANOS).noneMatch(CallLine::isRejection),
                        app::describe);
                assertTrue(all.stream().noneMatch(call -> "SendThrew".equals(call.exception())), () -> "send threw\n" + app.describe());
                // the consumer: every poll returned; once warm (the first polls of a cold JVM on a busy machine
                // take up to a second, with or without the agent), none slower than its own timeout allows
                List<CallLine> polls = all.stream().filter(call -> call.kind().equals("poll")).toList();
                assertTrue(polls.size() >= 20, app::describe);
                assertTrue(polls.stream().allMatch(CallLine::ok), () -> "a poll failed\n" + app.describe());
                assertTrue(polls.stream().filter(call -> call.startNanos() >= switched).allMatch(call -> call.micros() < 2_000_000),
                        () -> "a poll was slow\n" + app.describe());
                BrokerCalls.summary("closed-breakers", "poll", BrokerCalls.between(app, "poll", 0, switched));
                BrokerCalls.summary("every-host-open", "poll", BrokerCalls.between(app, "poll", from, restored));
            }
        }
    }

    private static String text(CallLine call) {
        return "CALL " + call.kind() + (call.ok() ? " OK " : " FAIL " + call.exception() + " ") + call.micros() + "us " + call.message();
    }

    private static String named(Line rejected, String hostA, String hostB) {
        return CallLine.parse(rejected).orElseThrow().message().startsWith(CallLine.REJECTION_PREFIX + hostA) ? hostA : hostB;
    }

    private static Predicate<String> rejectedNamingEither(String kind, String exception, String hostA, String hostB) {
        return CallLine.rejectionLine(kind, exception, hostA).or(CallLine.rejectionLine(kind, exception, hostB));
    }

    /** A call that failed the client's own way: its wait (selection timeout, max.block.ms) in full, without the agent's message. */
    private static Predicate<String> clientTimeout(String kind) {
        String exception = "send".equals(kind) ? KAFKA_TIMEOUT : MONGO_TIMEOUT;
        long waitMs = "send".equals(kind) ? KafkaApp.MAX_BLOCK_MS : MongoApp.SELECTION_MS;
        return new Predicate<>() {
            @Override
            public boolean test(String text) {
                return CallLine.parse(new Line(0, text)).filter(call -> call.kind().equals(kind) && !call.ok()
                        && exception.equals(call.exception()) && !call.isRejection()
                        && call.micros() >= (waitMs - 100) * 1_000).isPresent();
            }

            @Override
            public String toString() {
                return "CALL " + kind + " FAIL " + exception + " after the client's own wait";
            }
        };
    }
}
