package dev.watchdog.agent.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real connections of this JVM, blocked in reads that would never end, are found and shut down: only those
 * to the host and port asked for, whichever API opened them. (Surefire opens sun.nio.ch, as the agent does
 * with Instrumentation.redefineModule.)
 */
class JvmConnectionsTest {

    @Test
    void blockedReadsToTheHostEndAndOthersAreUntouched() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "not Linux: /proc/self/fd is missing");
        JvmConnections connections = JvmConnections.open(null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, loopback);
             ServerSocket other = new ServerSocket(0, 50, loopback);
             Socket plain = new Socket(loopback, server.getLocalPort());
             SocketChannel channel = SocketChannel.open(new InetSocketAddress(loopback, server.getLocalPort()));
             Socket unrelated = new Socket(loopback, other.getLocalPort());
             Socket a = server.accept();
             Socket b = server.accept();
             Socket c = other.accept()) {
            // reads that would wait forever: the servers never answer
            CompletableFuture<Integer> plainRead = CompletableFuture.supplyAsync(() -> read(plain));
            CompletableFuture<Integer> channelRead = CompletableFuture.supplyAsync(() -> {
                try {
                    return channel.read(ByteBuffer.allocate(1));
                } catch (Exception e) {
                    return -2;
                }
            });
            CompletableFuture<Integer> unrelatedRead = CompletableFuture.supplyAsync(() -> read(unrelated));
            Thread.sleep(200);

            assertEquals(2, connections.shutDownAllTo(Set.of(loopback), server.getLocalPort()),
                    "the Socket and the SocketChannel, not the accepted ends, not the other port");
            assertEquals(-1, plainRead.get(5, TimeUnit.SECONDS), "end of stream");
            assertEquals(-1, channelRead.get(5, TimeUnit.SECONDS), "end of stream");
            assertTrue(!unrelatedRead.isDone() && !unrelated.isClosed() && !plain.isClosed(),
                    "the other connection reads on; descriptors stay their clients' to close");
        }
    }

    private static int read(Socket s) {
        try {
            return s.getInputStream().read();   // not closed here: closing the stream closes the socket
        } catch (Exception e) {
            return -2;
        }
    }
}
