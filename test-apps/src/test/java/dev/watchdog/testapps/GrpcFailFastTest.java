package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.clients.GrpcApp;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.AgentOutput;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java 1.85 over grpc-netty-shaded, on its epoll transport (its default on Linux) and on NIO,
 * against a real gRPC server (the standard health service) behind the proxy, the target checked
 * with {@code grpc://}, the socket-level fallback off: blocking, future and async stubs on a shared
 * channel, and calls on a new channel each, all fail at once with {@code UNAVAILABLE} and the agent's
 * message while the server is down, and work again after. One child JVM per transport walks three
 * outages: blackholed from the start (the channel never connected), blackholed while warm, refused.
 */
class GrpcFailFastTest {

    private static final String TARGET = "grpc";
    private static final String EXCEPTION = "Unavailable";
    /**
     * A rejection in a JVM that started a second ago (classes still loading, code not yet compiled),
     * its first calls still waiting: far below any timeout all the same.
     */
    private static final long COLD_REJECTION_MAX_MICROS = 250_000;
    /** The kinds on the application's one channel. */
    private static final List<String> SHARED_CHANNEL = List.of("blocking", "future", "async");
    /** A call on a new channel: built, name-resolved on the channel's executor, then rejected, all on the call's clock. */
    private static final String FRESH = "fresh";
    /** A new channel's construction and its name resolution's thread hops are part of such a call's time. */
    private static final long FRESH_REJECTION_MAX_MICROS = 250_000;

    @TempDir
    Path dir;

    @Test
    void epollTransport() throws Exception {
        walkAll("EpollSocketChannel", null);
    }

    @Test
    void nioTransport() throws Exception {
        walkAll("NioSocketChannel", "-Dio.grpc.netty.shaded.io.netty.transport.noNative=true");
    }

    private void walkAll(String transport, String jvmOption) throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
        try (TcpProxy proxy = new TcpProxy(server.getPort())) {
            String hostPort = proxy.hostPort();
            Path config = WatchdogConfig.fast().clientHooksOnly().target(TARGET, "grpc://" + hostPort).write(Files.createTempDirectory(dir, transport));
            proxy.blackhole();   // the first scenario: the server is unreachable before the application starts
            ChildJvm.Builder builder = Children.withAgent(GrpcApp.class, config).args(hostPort, Children.PERIOD_MS, 60);
            if (jvmOption != null) {
                builder.jvmOption(jvmOption);
            }
            try (ChildJvm app = builder.start()) {
                Line lib = app.awaitLine(Stream.STDOUT, Pattern.compile("^LIB grpc "), FailFast.STARTUP);
                assertTrue(lib.text().matches("LIB grpc 1\\.85\\.\\d+ " + transport), lib.text());

                long fromStart = blackholedFromTheStart(app, proxy);
                FailFast.Outage warm = walk(app, proxy, TcpProxy::blackhole);
                FailFast.Outage refused = walk(app, proxy, TcpProxy::refuse);

                report(app, transport, "blackholed from the start", fromStart, warm.switchedNanos());
                report(app, transport, "warm, then blackholed", warm.down().nanos(), warm.restoredNanos());
                report(app, transport, "refused", refused.down().nanos(), refused.restoredNanos());
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The application starts while the server is blackholed: its first calls wait on a connection
     * that never completes (no deadline); once the breaker opens, every call fails at once; when the
     * network heals, the waiting calls complete and new ones work. Returns when the breaker opened.
     */
    private static long blackholedFromTheStart(ChildJvm app, TcpProxy proxy) throws Exception {
        String hostPort = proxy.hostPort();
        Line started = app.awaitLine(Stream.STDERR, AgentOutput.STARTED, FailFast.STARTUP);
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(TARGET, "DOWN", hostPort), started.nanos(), FailFast.STARTUP);
        for (String kind : GrpcApp.KINDS) {
            app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, EXCEPTION, hostPort), down.nanos(), FailFast.DETECTION);
        }
        FailFast.sleep(FailFast.HOLD);
        long restored = System.nanoTime();
        proxy.forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(TARGET, "UP", hostPort), restored, FailFast.DETECTION);
        for (String kind : GrpcApp.KINDS) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }
        long from = down.nanos() + FailFast.MARGIN_NANOS;
        assertRejected(app, from, restored, hostPort, SHARED_CHANNEL, COLD_REJECTION_MAX_MICROS);
        assertRejected(app, from, restored, hostPort, List.of(FRESH), COLD_REJECTION_MAX_MICROS);
        return down.nanos();
    }

    /**
     * {@link FailFast#walk}, except that a call on a new channel (its construction and name
     * resolution on the call's clock) may take up to {@link #FRESH_REJECTION_MAX_MICROS}.
     */
    private static FailFast.Outage walk(ChildJvm app, TcpProxy proxy, FailFast.Fault fault) throws Exception {
        String hostPort = proxy.hostPort();
        FailFast.awaitAgentReady(app, GrpcApp.KINDS);
        long switched = System.nanoTime();
        fault.apply(proxy);
        Line down = app.awaitLine(Stream.STDERR, AgentOutput.health(TARGET, "DOWN", hostPort), switched, FailFast.DETECTION);
        Line first = null;
        for (String kind : GrpcApp.KINDS) {
            Line rejected = app.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, EXCEPTION, hostPort), switched, FailFast.DETECTION);
            first = first == null || rejected.nanos() < first.nanos() ? rejected : first;
        }
        FailFast.sleep(FailFast.HOLD);
        long restored = System.nanoTime();
        proxy.forward();
        Line up = app.awaitLine(Stream.STDERR, AgentOutput.health(TARGET, "UP", hostPort), restored, FailFast.DETECTION);
        for (String kind : GrpcApp.KINDS) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), FailFast.RECOVERY);
        }
        long from = down.nanos() + FailFast.MARGIN_NANOS;
        assertRejected(app, from, restored, hostPort, SHARED_CHANNEL, FailFast.REJECTION_MAX_MICROS);
        assertRejected(app, from, restored, hostPort, List.of(FRESH), FRESH_REJECTION_MAX_MICROS);
        return new FailFast.Outage(switched, down, first, restored, up);
    }

    /**
     * As {@link FailFast#assertRejectedWhileDown}: every call of {@code kinds} begun while the breaker
     * was open was rejected, each within {@code maxMicros}, half of them within the suite's
     * {@link FailFast#REJECTION_MAX_MICROS}.
     */
    private static void assertRejected(ChildJvm app, long from, long to, String hostPort, List<String> kinds, long maxMicros) {
        List<CallLine> whileDown = CallLine.all(app).stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= from && c.endNanos() <= to).toList();
        for (String kind : kinds) {
            long n = whileDown.stream().filter(c -> c.kind().equals(kind)).count();
            assertTrue(n >= 5, "only " + n + " " + kind + " calls while the breaker was open\n" + app.describe());
            List<Long> micros = whileDown.stream().filter(c -> c.kind().equals(kind)).map(CallLine::micros).sorted().toList();
            long median = micros.get(micros.size() / 2);
            assertTrue(median < FailFast.REJECTION_MAX_MICROS, kind + " calls' median " + median + " us\n" + app.describe());
        }
        for (CallLine c : whileDown) {
            if (!c.isRejection(EXCEPTION, hostPort)) {
                fail("a call begun while " + hostPort + " was DOWN was not rejected by the agent: " + c + "\n" + app.describe());
            }
            if (c.micros() >= maxMicros) {
                fail("rejected call took " + c.micros() + " us (at most " + maxMicros + "): " + c + "\n" + app.describe());
            }
        }
    }

    /** Median and max time of the rejected calls of each kind in one outage, into the test's output (for the README). */
    private static void report(ChildJvm app, String transport, String scenario, long from, long to) {
        for (String kind : GrpcApp.KINDS) {
            List<Long> micros = new ArrayList<>(CallLine.all(app).stream()
                    .filter(c -> c.kind().equals(kind) && c.isRejection() && c.startNanos() >= from && c.endNanos() <= to)
                    .map(CallLine::micros).sorted().toList());
            if (!micros.isEmpty()) {
                System.out.printf("GRPC-TIMES %s | %s | %s | %d rejected | median %d us | max %d us%n", transport, scenario, kind,
                        micros.size(), micros.get(micros.size() / 2), micros.get(micros.size() - 1));
            }
        }
    }
}
