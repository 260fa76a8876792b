package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** A loopback listener on one port that the test can close (connections refused) and open again, handing each accepted socket on. */
final class SwitchableServer implements AutoCloseable {

    private final int port;
    private final Consumer<Socket> handler;
    private volatile ServerSocket server;

    SwitchableServer(Consumer<Socket> handler) throws IOException {
        this.handler = handler;
        server = bind(0);
        port = server.getLocalPort();
        serve(server);
    }

    int port() {
        return port;
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
        daemon(() -> {
            while (!s.isClosed()) {
                try {
                    handler.accept(s.accept());
                } catch (IOException e) {
                    // closed: refusing
                }
            }
        });
    }

    static void daemon(Runnable r) {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        t.start();
    }
}
