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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code apache-async} hooks, with the socket-level fallback off: HttpClient 5's minimal async clients
 * (HTTP/1.1 {@code createMinimal()} and HTTP/2-only {@code createHttp2Minimal()}), HttpAsyncClient 4.1
 * ({@code HttpAsyncClients.custom()} and {@code createMinimal()}) and the Elasticsearch low-level RestClient
 * on it, against a server that speaks HTTP/1.1 and cleartext HTTP/2 behind the proxy: every one rejected with
 * the agent's ConnectException while the server is down (the async ones through their callback and future,
 * never by throwing from execute), every one working again after.
 */
class ApacheAsyncFailFastTest {

    private static final List<String> KINDS =
            Stream.concat(HttpClientsApp.APACHE_ASYNC_KINDS.stream(), HttpClientsApp.H2_KINDS.stream()).toList();

    @TempDir
    Path dir;

    @Test
    void refusedServerIsRejectedFastByEveryApacheAsyncClientAndRecovers() throws Exception {
        try (H2cServer server = H2cServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            String base = "http://" + proxy.hostPort();
            Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
            try (ChildJvm app = Children.withAgent(HttpClientsApp.class, config)
                    .args(base + "/api", Children.PERIOD_MS, 12, String.join(",", KINDS)).start()) {
                FailFast.walk(app, proxy, Mode.REFUSE, "api", "ConnectException", KINDS);
                FailFast.assertCleanExit(app);
            }
        }
    }
}
