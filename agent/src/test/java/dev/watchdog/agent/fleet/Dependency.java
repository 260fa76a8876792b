package dev.watchdog.agent.fleet;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** The simulation's dependency: a local TCP server that accepts (and closes at once), counts, and can be switched to refuse. */
final class Dependency implements AutoCloseable {

    private final AtomicLong accepted = new AtomicLong();
    private final SwitchableServer server;

    Dependency() throws IOException {
        server = new SwitchableServer(this::accepted);
    }

    private void accepted(Socket s) {
        accepted.incrementAndGet();
        try {
            s.close();
        } catch (IOException ignored) {
            // the probe only connects
        }
    }

    int port() {
        return server.port();
    }

    long accepted() {
        return accepted.get();
    }

    void refuse() throws IOException {
        server.refuse();
    }

    void accept() throws IOException {
        server.accept();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
