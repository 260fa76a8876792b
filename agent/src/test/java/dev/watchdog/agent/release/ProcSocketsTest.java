package dev.watchdog.agent.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finds this JVM's real connections in /proc, whichever API opened them, and only those to the host asked for. */
class ProcSocketsTest {

    @Test
    void kernelAddressesDecodeAsTheyAreWritten() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), ProcSockets.address("0100007F"));
        assertEquals(InetAddress.getByName("127.0.0.1"), ProcSockets.address("0000000000000000FFFF00000100007F"));
        assertEquals(InetAddress.getByName("::1"), ProcSockets.address("00000000000000000000000001000000"));
        assertEquals(null, ProcSockets.address("xyz"));
    }

    @Test
    void everyOpenConnectionToTheHostIsFoundAndNoOther() throws Exception {
        assumeTrue(ProcSockets.available(), "not Linux: /proc/self/net/tcp is missing");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, loopback);
             ServerSocket other = new ServerSocket(0, 50, loopback);
             Socket plain = new Socket(loopback, server.getLocalPort());
             SocketChannel channel = SocketChannel.open(new InetSocketAddress(loopback, server.getLocalPort()));
             Socket unrelated = new Socket(loopback, other.getLocalPort());
             Socket a = server.accept();
             Socket b = server.accept();
             Socket c = other.accept()) {
            Map<Integer, String> found = ProcSockets.descriptorsTo(Set.of(loopback), server.getLocalPort());
            assertEquals(2, found.size(), "the Socket and the SocketChannel, not the accepted ends nor the other port: " + found);
            found.forEach((fd, inode) -> assertTrue(ProcSockets.stillSocket(fd, inode)));
        }
    }
}
