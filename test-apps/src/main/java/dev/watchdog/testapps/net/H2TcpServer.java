package dev.watchdog.testapps.net;

import java.sql.SQLException;
import org.h2.tools.Server;

/** A real H2 TCP server on a free loopback port (loopback only: no -tcpAllowOthers), in-memory databases created on demand. */
public final class H2TcpServer implements AutoCloseable {

    private final Server server;

    private H2TcpServer(Server server) {
        this.server = server;
    }

    public static H2TcpServer start() throws SQLException {
        return new H2TcpServer(Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start());
    }

    public int port() {
        return server.getPort();
    }

    /** The client URL of in-memory database {@code name} reached through {@code port} (the proxy's, usually). */
    public static String url(int port, String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name;
    }

    @Override
    public void close() {
        server.stop();
    }
}
