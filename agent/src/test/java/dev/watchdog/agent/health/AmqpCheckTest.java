package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The amqp:// check against the real RabbitMQ of this machine (127.0.0.1:5672, guest/guest; skipped
 * outside CI when it is not running), and against sockets that refuse or never answer.
 */
class AmqpCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void urlDefaults() {
        AmqpCheck plain = AmqpCheck.of("amqp://broker");
        assertEquals("guest", plain.user());
        assertEquals("/", plain.vhost());
        assertEquals("/", AmqpCheck.of("amqp://broker:5673/").vhost());
        assertEquals("/", AmqpCheck.of("amqp://u:p@broker:5673/%2F").vhost());
        assertEquals("orders", AmqpCheck.of("amqp://u:p%40ss@broker/orders?heartbeat=10").vhost());
        assertEquals("a b", AmqpCheck.of("amqp://a%20b:x@broker").user());
        assertThrows(IllegalArgumentException.class, () -> AmqpCheck.of("amqp://:5672"));
    }

    @Test
    void brokerThatOpensTheVhostIsUp() throws Exception {
        requireRabbitMq();
        AmqpCheck.of("amqp://guest:guest@127.0.0.1:5672/%2F").run(TIMEOUT);
        AmqpCheck.of("amqp://127.0.0.1").run(TIMEOUT);
    }

    @Test
    void wrongPasswordIsDownWithoutShowingIt() {
        requireRabbitMq();
        Exception e = assertThrows(Exception.class,
                () -> AmqpCheck.of("amqp://guest:not-the-Secret-1@127.0.0.1:5672").run(TIMEOUT));
        assertTrue(e.getMessage().contains("ACCESS_REFUSED") || e.getMessage().contains("wrong user or password"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-Secret-1"), e.getMessage());
    }

    @Test
    void unknownVhostIsDown() {
        requireRabbitMq();
        Exception e = assertThrows(Exception.class,
                () -> AmqpCheck.of("amqp://guest:guest@127.0.0.1:5672/no-such-vhost-here").run(TIMEOUT));
        assertTrue(e.getMessage().contains("virtual host refused") && e.getMessage().contains("no-such-vhost-here"), e.getMessage());
    }

    @Test
    void refusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertThrows(IOException.class, () -> AmqpCheck.of("amqp://127.0.0.1:" + closedPort).run(TIMEOUT));
    }

    /** A server that accepts and never answers: DOWN once the timeout has passed, not later. */
    @Test
    void blackholedIsDownWithinTheTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Exception e = assertThrows(IOException.class,
                    () -> AmqpCheck.of("amqp://127.0.0.1:" + server.getLocalPort()).run(Duration.ofMillis(500)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 450 && millis < 1_500, "took " + millis + " ms");
            assertTrue(e.getMessage().contains("timed out waiting for Connection.Start"), e.getMessage());
        } finally {
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    static void requireRabbitMq() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5672), 1_000);
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("RabbitMQ is not running on 127.0.0.1:5672 (CI=true: the test must run; .ci/run starts it)");
            }
            assumeTrue(false, "RabbitMQ is not running on 127.0.0.1:5672: test skipped");
        }
    }
}
