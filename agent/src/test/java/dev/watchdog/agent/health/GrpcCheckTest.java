package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grpc:// check against a real grpc-java server (grpc-netty-shaded) with the standard health service. */
class GrpcCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static HealthStatusManager health;
    private static Server server;
    private static int port;

    @BeforeAll
    static void startServer() throws IOException {
        health = new HealthStatusManager();
        health.setStatus("shop.Orders", ServingStatus.SERVING);
        health.setStatus("shop.Billing", ServingStatus.NOT_SERVING);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
        port = server.getPort();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static void check(String service) throws Exception {
        GrpcCheck.of("grpc://127.0.0.1:" + port + service).run(TIMEOUT);
    }

    private static String down(String url, Duration timeout) {
        Exception e = assertThrows(Exception.class, () -> GrpcCheck.of(url).run(timeout));
        return TargetMonitor.reason(e);
    }

    @Test
    void servingIsUp() throws Exception {
        check("/shop.Orders");
    }

    @Test
    void emptyServiceIsTheServersOverallHealth() throws Exception {
        check("");   // HealthStatusManager starts the overall ("") status SERVING
        check("/");
        health.setStatus("", ServingStatus.NOT_SERVING);
        try {
            assertEquals("health status NOT_SERVING", down("grpc://127.0.0.1:" + port, TIMEOUT));
        } finally {
            health.setStatus("", ServingStatus.SERVING);
        }
    }

    @Test
    void notServingIsDown() {
        assertEquals("health status NOT_SERVING", down("grpc://127.0.0.1:" + port + "/shop.Billing", TIMEOUT));
    }

    @Test
    void unknownServiceIsDown() {
        // grpc-java answers trailers only: grpc-status 5, written plainly by its (Netty) HPACK encoder
        assertEquals("health call failed: NOT_FOUND", down("grpc://127.0.0.1:" + port + "/no.Such", TIMEOUT));
    }

    @Test
    void aServerWithoutTheHealthServiceIsDown() throws Exception {
        Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
        try {
            assertEquals("health call failed: UNIMPLEMENTED", down("grpc://127.0.0.1:" + bare.getPort(), TIMEOUT));
        } finally {
            bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void fiftyChecksInARowAllPass() throws Exception {
        for (int i = 0; i < 50; i++) {
            check("/shop.Orders");
        }
    }

    @Test
    void refusedIsDown() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals("Connection refused", down("grpc://127.0.0.1:" + closed, TIMEOUT));
    }

    @Test
    void silentServerIsDownWithinTheTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());   // accepts, reads nothing, answers nothing
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            Exception e = assertThrows(Exception.class,
                    () -> GrpcCheck.of("grpc://127.0.0.1:" + silent.getLocalPort()).run(Duration.ofMillis(300)));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e instanceof SocketTimeoutException, e.toString());
            assertTrue(millis >= 250 && millis < 1_500, millis + "ms");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void http1ServerIsDown() throws Exception {
        try (ServerSocket http1 = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = http1.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[1024]);
                } catch (IOException ignored) {
                    // test over
                }
            });
            t.setDaemon(true);
            t.start();
            String reason = down("grpc://127.0.0.1:" + http1.getLocalPort(), TIMEOUT);
            assertTrue(reason.startsWith("not an HTTP/2 (h2c) server"), reason);
        }
    }

    @Test
    void throughTheConfigurationAndTheRunner(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.properties"), "watchdog.target.orders.check=grpc://127.0.0.1:" + port
                + "/shop.Orders\nwatchdog.target.billing.check=grpc://127.0.0.1:" + port + "/shop.Billing\n");
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        ConfigResult r = ConfigLoader.load(file, null, Map.of(), sys);
        assertTrue(r.ok(), r.errors().toString());
        for (var target : r.config().targets()) {
            CheckRunner.Result result = CheckRunner.runOnce(target, null);
            if (target.name().equals("orders")) {
                assertTrue(result.up(), result.reason());
            } else {
                assertEquals("health status NOT_SERVING", result.reason());
            }
        }
    }
}
