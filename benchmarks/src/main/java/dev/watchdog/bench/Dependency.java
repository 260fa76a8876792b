package dev.watchdog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback dependency that can die on command: SERVE answers every request with a tiny HTTP 200
 * (or, with an upstream port, forwards the bytes), BLACKHOLE accepts and never answers (open
 * connections stop flowing too), REFUSE stops listening and drops every connection.
 */
public final class Dependency implements AutoCloseable {

    public enum Mode { SERVE, BLACKHOLE, REFUSE }

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    private final int upstreamPort;
    private final boolean closeOnAccept;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.REFUSE;
    private volatile ServerSocket server;
    private int port;
    private InetAddress address = InetAddress.getLoopbackAddress();

    /** @param upstreamPort 0: answer HTTP itself; otherwise forward to 127.0.0.1:upstreamPort */
    public Dependency(int upstreamPort) {
        this(upstreamPort, false);
    }

    private Dependency(int upstreamPort, boolean closeOnAccept) {
        this.upstreamPort = upstreamPort;
        this.closeOnAccept = closeOnAccept;
    }

    /** A TCP listener for health checks: accepts and closes at once, no thread per connection. */
    public static Dependency tcpListener() {
        return new Dependency(0, true).mode(Mode.SERVE);
    }

    /** A TCP listener for health checks on another loopback address (127.0.0.2: a host of its own for the agent). */
    public static Dependency tcpListener(InetAddress address) {
        Dependency d = new Dependency(0, true);
        d.address = address;
        return d.mode(Mode.SERVE);
    }

    public InetAddress address() {
        return address;
    }

    public static Dependency http() {
        return new Dependency(0).mode(Mode.SERVE);
    }

    public int port() {
        return port;
    }

    public synchronized Dependency mode(Mode next) {
        mode = next;
        if (next == Mode.REFUSE) {
            closeAll();
        } else if (server == null) {
            listen();
        }
        return this;
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            bind(s, address, port == 0 ? NonEphemeralPorts.free() : port);
            port = s.getLocalPort();
            server = s;
            daemon(() -> acceptLoop(s), "dependency-accept-" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binding the port again after a death can race the kernel's cleanup of the old connections: retry briefly. */
    private static void bind(ServerSocket s, InetAddress address, int port) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                s.bind(new InetSocketAddress(address, port), 1024);
                return;
            } catch (java.net.BindException e) {
                if (attempt >= 100) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                if (closeOnAccept && mode == Mode.SERVE) {
                    quietClose(c);
                    continue;
                }
                open.add(c);
                if (mode == Mode.SERVE) {
                    daemon(() -> handle(c), "dependency-conn");
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket c) {
        try {
            if (upstreamPort == 0) {
                answerHttp(c);
            } else {
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(up);
                daemon(() -> pipe(c, up), "dependency-pipe");
                pipe(up, c);
            }
        } catch (IOException ignored) {
            // the peer went away
        } finally {
            if (upstreamPort == 0) {
                quietClose(c);
                open.remove(c);
            }
        }
    }

    private void answerHttp(Socket c) throws IOException {
        InputStream in = c.getInputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {   // read up to the end of the request head
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (matched == 4 && mode == Mode.SERVE) {
            c.getOutputStream().write(OK);
            c.getOutputStream().flush();
        } else if (mode == Mode.BLACKHOLE) {
            hold(c);
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (mode == Mode.SERVE) {
                    out.write(buf, 0, n);
                    out.flush();
                }   // BLACKHOLE: swallow
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            if (mode == Mode.SERVE) {
                quietClose(from);
                quietClose(to);
                open.remove(from);
                open.remove(to);
            }
        }
    }

    private void hold(Socket c) {
        try {
            while (c.getInputStream().read() >= 0) {
                // swallow until the peer gives up
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    private void closeAll() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket c : open) {
            try {
                c.setSoLinger(true, 0);   // a dead process resets its connections; nothing lingers on the port
            } catch (IOException ignored) {
                // closing anyway
            }
            quietClose(c);
        }
        open.clear();
    }

    private static void quietClose(Socket c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** A port with nothing listening, below the ephemeral range (see {@link NonEphemeralPorts}). */
    public static int deadPort() {
        return NonEphemeralPorts.free();
    }

    @Override
    public synchronized void close() {
        mode = Mode.REFUSE;
        closeAll();
    }
}
