package dev.watchdog.testapps;

import dev.watchdog.testapps.clients.HttpClientsApp;
import dev.watchdog.testapps.net.H2cServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpClient 5's HTTP/2-only minimal client ({@code HttpAsyncClients.createHttp2Minimal()}, a
 * {@code MinimalH2AsyncClient}) against a cleartext HTTP/2 server behind the proxy, with the socket-level
 * fallback off: rejected through its callback and future with the agent's ConnectException while the
 * server is down, never by throwing from execute, and working again after.
 */
class Http2MinimalFailFastTest {

    @TempDir
    Path dir;

    @Test
    void http2OnlyMinimalClientIsRejectedFastAndRecovers() throws Exception {
        try (H2cServer server = H2cServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            String base = "http://" + proxy.hostPort();
            Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
            try (ChildJvm app = Children.withAgent(HttpClientsApp.class, config)
                    .args(base + "/api", Children.PERIOD_MS, 10, String.join(",", HttpClientsApp.H2_KINDS)).start()) {
                FailFast.walk(app, proxy, Mode.REFUSE, "api", "ConnectException", HttpClientsApp.H2_KINDS);
                FailFast.assertCleanExit(app);
            }
        }
    }
}
