package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** The simulation's dependency: a local TCP server that accepts (and closes at once), counts, and can be switched to refuse. */
final class Dependency implements AutoCloseable {

    private final int port;
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;

    Dependency() throws IOException {
        server = bind(0);
        port = server.getLocalPort();
        serve(server);
    }

    int port() {
        return port;
    }

    long accepted() {
        return accepted.get();
    }

    /** Closes the listening socket: connections are refused from now on. */
    synchronized void refuse() throws IOException {
        server.close();
    }

    /** Listens again on the same port. */
    synchronized void accept() throws IOException {
        server = bind(port);
        serve(server);
    }

    @Override
    public void close() throws IOException {
        refuse();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        return s;
    }

    private void serve(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    // closed: refusing
                }
            }
        }, "test-dependency");
        t.setDaemon(true);
        t.start();
    }
}
