package dev.watchdog.testapps.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server, switchable at run time to play the failures
 * the agent must handle:
 * <ul>
 *   <li>{@link Mode#FORWARD}: bytes flow both ways;</li>
 *   <li>{@link Mode#REFUSE}: the listening socket is really closed, so connects are refused, and every
 *       open connection is closed, like a server process that died; the same port is bound again on
 *       leaving this mode;</li>
 *   <li>{@link Mode#BLACKHOLE}: connects are accepted and nothing is answered or closed; bytes in either
 *       direction are held, not forwarded. When the blackhole ends they flow again, like packets that a
 *       healed network finally delivers: connections accepted meanwhile are then connected to the server;</li>
 *   <li>{@link Mode#DELAY}: every chunk is forwarded after {@link #delay(Duration) the delay}.</li>
 * </ul>
 * Threads are daemons, connections are capped at {@link #MAX_CONNECTIONS}, and {@link #close()}
 * closes every socket the proxy made.
 */
public final class TcpProxy implements Closeable {

    public enum Mode { FORWARD, REFUSE, BLACKHOLE, DELAY }

    /** Beyond this many open connections new ones are closed at once: a stuck client cannot exhaust the test JVM. */
    public static final int MAX_CONNECTIONS = 256;

    private static final AtomicInteger IDS = new AtomicInteger();

    /** Connections accepted and passed on (not those closed at once): what reached the server through the proxy. */
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final String name;
    private ServerSocket server;
    private Mode mode = Mode.FORWARD;
    private long delayMillis;
    private boolean closed;
    /** True while the accept thread is inside accept(). */
    private boolean accepting;

    /** Listens on a free loopback port (outside the ephemeral range), forwarding to {@code targetPort} on loopback. */
    public TcpProxy(int targetPort) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    public TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = bindOutsideEphemeralRange();
        this.port = server.getLocalPort();
        this.name = "tcp-proxy-" + IDS.incrementAndGet() + "-" + port;
        daemon(this::acceptLoop, name + "-accept").start();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the key the agent's configuration names. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Connections accepted and passed on so far: each health check of a jdbc:, tcp:// or redis:// target is one. */
    public long accepted() {
        return accepted.get();
    }

    public Mode mode() {
        synchronized (lock) {
            return mode;
        }
    }

    public void forward() throws IOException {
        switchTo(Mode.FORWARD, 0);
    }

    public void refuse() throws IOException {
        switchTo(Mode.REFUSE, 0);
    }

    public void blackhole() throws IOException {
        switchTo(Mode.BLACKHOLE, 0);
    }

    public void delay(Duration delay) throws IOException {
        switchTo(Mode.DELAY, delay.toMillis());
    }

    private void switchTo(Mode next, long delay) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            if (next == Mode.REFUSE && server != null) {
                closeQuietly(server);
                server = null;
                // the JDK really closes a listening socket only once the accepting thread has left
                // accept(); until then the kernel would still complete connects
                while (accepting) {
                    awaitChange();
                }
                closeConnections();
            } else if (next != Mode.REFUSE && server == null) {
                server = bind(port);
            }
            mode = next;
            delayMillis = delay;
            lock.notifyAll();
        }
    }

    /**
     * A port the kernel never hands out as a client's source port. While refusing, the port has no
     * listener; were it in the ephemeral range, a connect to it could pick it as its own source port
     * and connect to itself (TCP simultaneous open), which looks like a server that is up.
     */
    private static ServerSocket bindOutsideEphemeralRange() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(20_000); // below Linux's 32768
            try {
                return bind(candidate);
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw last;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private void acceptLoop() {
        while (true) {
            ServerSocket current;
            synchronized (lock) {
                while (server == null && !closed) {
                    awaitChange();
                }
                if (closed) {
                    return;
                }
                current = server;
                accepting = true;
            }
            Socket client = null;
            try {
                client = current.accept();
            } catch (IOException e) {
                // the listening socket was closed by refuse() or close(): look at the mode again
            }
            synchronized (lock) {
                accepting = false;
                lock.notifyAll();
            }
            if (client != null) {
                accepted(client);
            }
        }
    }

    private void accepted(Socket client) {
        Mode now = mode();
        if (sockets.size() >= MAX_CONNECTIONS || now == Mode.REFUSE) {
            closeQuietly(client);
            return;
        }
        sockets.add(client);
        accepted.incrementAndGet();
        daemon(() -> connectUpstream(client), name + "-connect").start();
    }

    private void connectUpstream(Socket client) {
        if (!awaitPassable()) { // accepted while blackholed: held, unread, until the blackhole ends
            closePair(client, client);
            return;
        }
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            closePair(client, upstream);
            return;
        }
        daemon(() -> pump(client, upstream), name + "-up").start();
        pump(upstream, client);
    }

    /** Copies {@code from} to {@code to} chunk by chunk, honouring the mode between chunks. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPassable()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away: the pair is closed below
        } finally {
            closePair(from, to);
        }
    }

    /** Holds a chunk while blackholed, sleeps it while delayed; false once the proxy is closed. */
    private boolean awaitPassable() {
        long delay;
        synchronized (lock) {
            while (mode == Mode.BLACKHOLE && !closed) {
                awaitChange();
            }
            if (closed || mode == Mode.REFUSE) {
                return false;
            }
            delay = mode == Mode.DELAY ? delayMillis : 0;
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void awaitChange() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void closePair(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private void closeConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (server != null) {
                closeQuietly(server);
                server = null;
            }
            closeConnections();
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return name + "->" + target.getPort() + " " + mode();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
