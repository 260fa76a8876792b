package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP forwarder to the real Redis that the test can cut (every connection closed, new ones refused) and restore. */
final class Forwarder implements AutoCloseable {

    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    Forwarder(int target) throws IOException {
        this.target = target;
        server = bind(0);
        port = server.getLocalPort();
        serve(server);
    }

    int port() {
        return port;
    }

    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void restore() throws IOException {
        server = bind(port);
        serve(server);
    }

    @Override
    public void close() throws IOException {
        cut();
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
                    Socket client = s.accept();
                    Socket redis = new Socket("127.0.0.1", target);
                    open.add(client);
                    open.add(redis);
                    daemon(() -> pump(client, redis));
                    daemon(() -> pump(redis, client));
                } catch (IOException e) {
                    // closed: cut
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "test-forwarder");
        t.setDaemon(true);
        t.start();
    }
}
