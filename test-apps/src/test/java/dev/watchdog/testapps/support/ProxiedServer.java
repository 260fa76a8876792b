package dev.watchdog.testapps.support;

import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh server behind its own TcpProxy for each test:
 * {@code @RegisterExtension final ProxiedServer<?> server = ProxiedServer.http();} (or {@code h2()}).
 */
public final class ProxiedServer<S extends AutoCloseable> implements BeforeEachCallback, AfterEachCallback {

    /** Starts one server. */
    public interface Starter<S> {
        S start() throws Exception;
    }

    private final Starter<S> starter;
    private final ToIntFunction<S> port;
    private S server;
    private TcpProxy proxy;

    private ProxiedServer(Starter<S> starter, ToIntFunction<S> port) {
        this.starter = starter;
        this.port = port;
    }

    /** The JDK HttpServer with its switchable /health and /api. */
    public static ProxiedServer<SwitchableHttpServer> http() {
        return new ProxiedServer<>(SwitchableHttpServer::start, SwitchableHttpServer::port);
    }

    /** An H2 TCP server. */
    public static ProxiedServer<H2TcpServer> h2() {
        return new ProxiedServer<>(H2TcpServer::start, H2TcpServer::port);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = starter.start();
        proxy = new TcpProxy(port.applyAsInt(server));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        proxy.close();
        server.close();
    }

    /** The proxy the application calls: switch it to refuse, blackhole or forward. */
    public TcpProxy proxy() {
        return proxy;
    }
}
