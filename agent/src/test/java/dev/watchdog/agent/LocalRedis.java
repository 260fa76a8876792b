package dev.watchdog.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Test support: the local Redis the tests against a real server use; required on CI, else they are skipped without it. */
public final class LocalRedis {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    private LocalRedis() {
    }

    public static void assumeRunning() {
        boolean present;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 500);
            present = true;
        } catch (IOException e) {
            present = false;
        }
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(present, "no Redis on " + HOST + ":" + PORT + "; skipped (runs when CI=true)");
        }
    }
}
