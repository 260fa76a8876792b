package dev.watchdog.testapps.brokers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.clients.AmqpApp;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.LocalServers;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's Java client (amqp-client 5, automatic recovery on) against the real RabbitMQ of this
 * machine behind a TcpProxy, the target checked with {@code amqp://guest:guest@<proxy>} and the
 * socket-level fallback off, in one child JVM. The release of blocked calls is off too: the blackholed
 * connection stays open, so what fails its channel's calls is the channel hook, not a shut socket.
 * <ol>
 * <li>the warm connection blackholed: publish, queueDeclarePassive and basicGet on the open channel
 * fail at once with an IOException carrying the agent's message (they would wait for the RPC timeout,
 * 10 minutes by default), and new connections (the {@code connect} and {@code connect-nio} kinds, socket
 * and NIO mode, connections opened while the broker is blackholed from their start) with a ConnectException; after the blackhole every kind works
 * again on the same connection and channel;</li>
 * <li>the broker refused (the proxy closes every connection): the same, then the client's automatic
 * recovery reconnects once the breaker has closed (its attempts while DOWN are rejected at once) and
 * the same channel works again.</li>
 * </ol>
 * The application's own connection is never closed by the agent: after the blackhole it goes on
 * without a recovery (no call fails with AlreadyClosedException then).
 */
class AmqpFailFastTest {

    @TempDir
    Path dir;

    @Test
    void channelOperationsAndNewConnectionsFailFastWhileTheBrokerIsDownThenRecover() throws Exception {
        LocalServers.requireRabbitMq();
        try (TcpProxy proxy = new TcpProxy(LocalServers.RABBITMQ_PORT)) {
            String hostPort = proxy.hostPort();
            Path config = WatchdogConfig.fast().clientHooksOnly()
                    .set("watchdog.breaker.release-waiting", "false")
                    .target("mq", "amqp://guest:guest@" + hostPort).write(dir);
            try (ChildJvm app = Children.withAgent(AmqpApp.class, config)
                    .args(hostPort, Children.PERIOD_MS, 18, String.join(",", AmqpApp.KINDS)).start()) {
                FailFast.Outage blackholed = outage(app, proxy, Mode.BLACKHOLE, "blackholed");
                long closedDuringBlackhole = CallLine.all(app).stream().filter(c -> c.startNanos() >= blackholed.switchedNanos()
                        && c.endNanos() <= blackholed.up().nanos() + FailFast.RECOVERY.toNanos()
                        && "AlreadyClosedException".equals(c.exception())).count();
                assertEquals(0, closedDuringBlackhole, () -> "the blackholed connection was closed\n" + app.describe());
                outage(app, proxy, Mode.REFUSE, "refused");
                FailFast.assertCleanExit(app);
                assertFalse(app.stderr().stream().anyMatch(l -> l.text().contains("guest:guest@")),
                        () -> "the check URL's password was shown\n" + app.describe());
            }
        }
    }

    private static FailFast.Outage outage(ChildJvm app, TcpProxy proxy, Mode mode, String scenario) throws Exception {
        String hostPort = proxy.hostPort();
        FailFast.Outage outage = FailFast.walk(app, proxy, mode, "mq", "IOException", AmqpApp.CHANNEL_KINDS);
        long from = outage.down().nanos() + FailFast.MARGIN_NANOS;
        FailFast.assertRejectedWhileDown(app, from, outage.restoredNanos(), "ConnectException", hostPort, AmqpApp.CONNECT_KINDS);
        for (String kind : AmqpApp.CONNECT_KINDS) {
            app.awaitLine(Stream.STDOUT, CallLine.okLine(kind), outage.up().nanos(), FailFast.RECOVERY);
        }
        for (String kind : AmqpApp.KINDS) {
            BrokerCalls.summary("amqp " + scenario, kind, BrokerCalls.between(app, kind, from, outage.restoredNanos()));
        }
        return outage;
    }
}
