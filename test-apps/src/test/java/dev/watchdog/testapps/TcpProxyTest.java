package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness itself, without the agent: each proxy mode does what the end-to-end tests rely on. */
class TcpProxyTest {

    @Test
    void modesForwardRefuseBlackholeAndDelay() throws Exception {
        try (SwitchableHttpServer http = SwitchableHttpServer.start(); TcpProxy proxy = new TcpProxy(http.port())) {
            assertEquals(200, get(proxy, 2_000));

            proxy.refuse();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", proxy.port()).close());

            proxy.forward(); // the same port is bound again
            assertEquals(200, get(proxy, 2_000));

            proxy.blackhole();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 1_000); // accepted...
                s.setSoTimeout(500);
                s.getOutputStream().write("GET /api HTTP/1.0\r\n\r\n".getBytes());
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read()); // ...never answered
            }

            proxy.delay(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals(200, get(proxy, 5_000));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());

            http.status(503);
            proxy.forward();
            assertEquals(503, get(proxy, 2_000));
        }
    }

    private static int get(TcpProxy proxy, int timeoutMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + proxy.hostPort() + "/api").toURL().openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
