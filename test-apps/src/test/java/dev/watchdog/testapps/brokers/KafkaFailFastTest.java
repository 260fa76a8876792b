package dev.watchdog.testapps.brokers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.clients.KafkaApp;
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
 * Kafka's producer and consumer (kafka-clients 4) with the agent, socket-level fallback off. No broker
 * runs here: the clients' bootstrap servers are real sockets that never become a broker, two TcpProxies:
 * <ul>
 * <li>server A, checked by {@code tcp://A}: first forwarding to a closed port (accepted, then closed: the
 * check passes, the clients find no broker), then refused;</li>
 * <li>server B, blackholed throughout (accepts, never answers; a tcp:// check of it would pass), checked
 * through a health port of its own, C ({@code tcp://C} with {@code hosts=B}), which is then refused.</li>
 * </ul>
 * The test proves that while a breaker is closed {@code send} is the producer's own (it waits
 * {@code max.block.ms}, 1.5 s here, and fails with TimeoutException through callback and future); that
 * with only A open it still is (the producer is rejected only when every bootstrap server is open); that
 * with both open {@code send} fails at once through its callback and future with TimeoutException carrying
 * the agent's message, never throwing; that afterwards it is the producer's own again; and that the
 * consumer's {@code poll}, not instrumented, returns as it does without the agent (empty, after its 100 ms)
 * in every phase.
 */
class KafkaFailFastTest {

    private static final String TIMEOUT = "TimeoutException";
    private static final Duration WAITED = Duration.ofMillis(KafkaApp.MAX_BLOCK_MS + 3_000);

    @TempDir
    Path dir;

    @Test
    void sendFailsFastOnlyWhileEveryBootstrapServerIsOpenAndPollIsUntouched() throws Exception {
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
            try (ChildJvm app = Children.withAgent(KafkaApp.class, config)
                    .args(hostA + "," + hostB, 200, 16, String.join(",", KafkaApp.KINDS)).start()) {
                Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
                app.awaitLine(Stream.STDOUT, producerTimeout(), started.nanos(), FailFast.STARTUP);
                app.awaitLine(Stream.STDOUT, CallLine.okLine("poll"), started.nanos(), FailFast.STARTUP);

                // A open, B not: send is still the producer's own
                long switched = System.nanoTime();
                a.refuse();
                Line aDown = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "DOWN", hostA), switched, FailFast.DETECTION);
                FailFast.sleep(Duration.ofMillis(KafkaApp.MAX_BLOCK_MS + 800));
                List<CallLine> sendWhileAOnly = BrokerCalls.between(app, "send", aDown.nanos() + FailFast.MARGIN_NANOS, System.nanoTime());
                assertFalse(sendWhileAOnly.isEmpty(), app::describe);
                assertTrue(sendWhileAOnly.stream().allMatch(c2 -> TIMEOUT.equals(c2.exception()) && !c2.isRejection()
                                && c2.micros() >= (KafkaApp.MAX_BLOCK_MS - 100) * 1_000),
                        () -> "a send was rejected (or did not wait) while one bootstrap server was still closed\n" + app.describe());

                // both open: send rejected at once, through callback and future
                long bSwitched = System.nanoTime();
                c.refuse();
                Line bDown = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "DOWN", hostB), bSwitched, FailFast.DETECTION);
                app.awaitLine(Stream.STDOUT, CallLine.rejectionLine("send", TIMEOUT, hostA), bDown.nanos(), FailFast.DETECTION);
                FailFast.sleep(FailFast.HOLD);
                long restored = System.nanoTime();
                long from = bDown.nanos() + FailFast.MARGIN_NANOS;
                FailFast.assertRejectedWhileDown(app, from, restored, TIMEOUT, hostA, List.of("send"));
                BrokerCalls.summary("kafka every-server-open", "send", BrokerCalls.between(app, "send", from, restored));
                BrokerCalls.summary("kafka closed-breaker", "send", BrokerCalls.between(app, "send", 0, switched));
                BrokerCalls.summary("kafka one-server-open", "send", sendWhileAOnly);

                a.forward();
                c.forward();
                Line aUp = app.awaitLine(Stream.STDERR, AgentOutput.health("a", "UP", hostA), restored, FailFast.DETECTION);
                Line bUp = app.awaitLine(Stream.STDERR, AgentOutput.health("b", "UP", hostB), restored, FailFast.DETECTION);
                long up = Math.max(aUp.nanos(), bUp.nanos());
                app.awaitLine(Stream.STDOUT, producerTimeout(), up, WAITED);
                FailFast.assertCleanExit(app);

                List<CallLine> all = CallLine.all(app);
                assertTrue(all.stream().filter(c2 -> c2.startNanos() > up + FailFast.MARGIN_NANOS).noneMatch(CallLine::isRejection),
                        app::describe);
                assertTrue(all.stream().noneMatch(c2 -> "SendThrew".equals(c2.exception())), () -> "send threw\n" + app.describe());
                // the consumer: every poll returned, none slower than a poll without the agent could be
                List<CallLine> polls = all.stream().filter(c2 -> c2.kind().equals("poll")).toList();
                assertTrue(polls.size() >= 20, app::describe);
                assertTrue(polls.stream().allMatch(c2 -> c2.ok() && c2.micros() < 2_000_000),
                        () -> "a poll failed or was slow\n" + app.describe());
                BrokerCalls.summary("kafka breakers-closed", "poll", BrokerCalls.between(app, "poll", 0, bDown.nanos()));
                BrokerCalls.summary("kafka every-server-open", "poll", BrokerCalls.between(app, "poll", from, restored));
            }
        }
    }

    /** A send that failed the producer's way: max.block.ms waited in full, without the agent's message. */
    private static Predicate<String> producerTimeout() {
        return new Predicate<>() {
            @Override
            public boolean test(String text) {
                return CallLine.parse(new Line(0, text)).filter(c -> c.kind().equals("send") && !c.ok()
                        && TIMEOUT.equals(c.exception()) && !c.isRejection()
                        && c.micros() >= (KafkaApp.MAX_BLOCK_MS - 100) * 1_000).isPresent();
            }

            @Override
            public String toString() {
                return "CALL send FAIL " + TIMEOUT + " after max.block.ms";
            }
        };
    }
}
