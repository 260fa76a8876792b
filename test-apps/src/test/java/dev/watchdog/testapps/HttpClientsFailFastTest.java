package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.clients.HttpClientsApp;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OkHttp (execute and enqueue), Apache HttpClient 4.5 and 5 classic and 5 async against the JDK HttpServer
 * behind the proxy, with the socket-level fallback off (each is rejected by its own hook or not at all):
 * every one rejected with ConnectException while the server is down (enqueue and async execute through
 * their callbacks, never by throwing), every one working again after. The fallback: {@link SocketFallbackTest}.
 */
class HttpClientsFailFastTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @Test
    void refusedServerIsRejectedFastByEveryClientAndRecovers() throws Exception {
        String base = "http://" + server.proxy().hostPort();
        Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.withAgent(HttpClientsApp.class, config)
                .args(base + "/api", Children.PERIOD_MS, 12, String.join(",", HttpClientsApp.HOOKED_KINDS)).start()) {
            FailFast.walk(app, server.proxy(), Mode.REFUSE, "api", "ConnectException", HttpClientsApp.HOOKED_KINDS);
            FailFast.assertCleanExit(app);
        }
    }
}
