package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP forwarder to the real Redis that the test can cut (every connection closed, new ones refused) and restore. */
final class Forwarder implements AutoCloseable {

    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final SwitchableServer server;

    Forwarder(int target) throws IOException {
        this.target = target;
        server = new SwitchableServer(this::forward);
    }

    int port() {
        return server.port();
    }

    synchronized void cut() throws IOException {
        server.refuse();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void restore() throws IOException {
        server.accept();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void forward(Socket client) {
        try {
            Socket redis = new Socket("127.0.0.1", target);
            open.add(client);
            open.add(redis);
            SwitchableServer.daemon(() -> pump(client, redis));
            SwitchableServer.daemon(() -> pump(redis, client));
        } catch (IOException e) {
            close(client);
        }
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
}
