package dev.watchdog.testapps;

import dev.watchdog.testapps.support.ProxiedServer;
import dev.watchdog.testapps.net.TcpProxy.Mode;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpApp (HttpClient send and sendAsync, HttpURLConnection) against the JDK HttpServer behind the proxy,
 * with the socket-level fallback off: each call is rejected by its client's own hook or not at all.
 */
class HttpFailFastTest {

    private static final String REJECTION = "ConnectException";
    private static final List<String> KINDS = List.of("send", "async", "urlconnection");

    @TempDir
    Path dir;
    @RegisterExtension
    final ProxiedServer<?> server = ProxiedServer.http();

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"BLACKHOLE", "REFUSE"})
    void downServerIsRejectedFastAndRecovers(Mode mode) throws Exception {
        String base = "http://" + server.proxy().hostPort();
        Path config = WatchdogConfig.fast().clientHooksOnly().target("api", base + "/health").write(dir);
        try (ChildJvm app = Children.httpApp(config, base + "/api", 12)) {
            FailFast.walk(app, server.proxy(), mode, "api", REJECTION, KINDS);
            FailFast.assertCleanExit(app);
        }
    }
}
