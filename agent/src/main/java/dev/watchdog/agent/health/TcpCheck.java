package dev.watchdog.agent.health;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Healthy when a TCP connection to host:port is accepted within the timeout. */
final class TcpCheck implements Check {

    private final String host;
    private final int port;

    TcpCheck(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void run(Duration timeout) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        }
    }
}
