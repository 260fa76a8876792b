package dev.watchdog.testapps.support;

import dev.watchdog.testapps.net.StatusHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh JDK HttpServer behind its own TcpProxy for each test:
 * {@code @RegisterExtension final ProxiedHttpServer server = new ProxiedHttpServer();}
 */
public final class ProxiedHttpServer implements BeforeEachCallback, AfterEachCallback {

    private StatusHttpServer http;
    private TcpProxy proxy;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        http = StatusHttpServer.start();
        proxy = new TcpProxy(http.port());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        proxy.close();
        http.close();
    }

    /** The proxy the application calls: switch it to refuse, blackhole or forward. */
    public TcpProxy proxy() {
        return proxy;
    }
}
