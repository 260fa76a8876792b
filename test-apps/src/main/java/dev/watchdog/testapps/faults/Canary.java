package dev.watchdog.testapps.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.net.SocketFactory;

/**
 * A class that nothing in the agent's configuration may make the agent load or run. Initialising it,
 * constructing it and calling {@link #touch()} each append a line to the marker file named by the
 * system property {@value #MARKER_PROPERTY}. It is a {@link SocketFactory}, so a driver that
 * instantiates a socket factory named in its URL (pgjdbc's and MariaDB's {@code socketFactory}) does
 * construct it; {@link #touch()} is what an H2 {@code CREATE ALIAS ... FOR} would call.
 */
public final class Canary extends SocketFactory {

    public static final String MARKER_PROPERTY = "canary.marker";

    static {
        mark("initialised");
    }

    public Canary() {
        mark("constructed");
    }

    /** A static method for SQL aliases. */
    public static int touch() {
        mark("called");
        return 1;
    }

    private static void mark(String what) {
        String path = System.getProperty(MARKER_PROPERTY);
        if (path == null) {
            return;
        }
        try {
            Files.writeString(Path.of(path), what + " on thread " + Thread.currentThread().getName() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Socket createSocket() throws SocketException {
        throw new SocketException("Canary makes no sockets");
    }

    @Override
    public Socket createSocket(String host, int port) throws SocketException {
        throw new SocketException("Canary makes no sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws SocketException {
        throw new SocketException("Canary makes no sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws SocketException {
        throw new SocketException("Canary makes no sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws SocketException {
        throw new SocketException("Canary makes no sockets");
    }
}
