package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints holding buffered commands for a host are asked, on their own executor, to end them when the
 * host is released; later buffers end only while that host stays open and released.
 */
class LettuceBuffersTest {

    private static final String OPEN = "redis:6379";

    /** What this class needs of a Lettuce endpoint: its public {@code notifyException}. */
    public static final class Endpoint {
        final List<Throwable> notified = new ArrayList<>();

        public void notifyException(Throwable error) {
            notified.add(error);
        }
    }

    @AfterEach
    void reset() {
        GATE.close(OPEN);
        LettuceBuffers.stopReleasing(OPEN);
    }

    @Test
    void theEndpointsOfAReleasedHostEndTheirBufferedCommandsOnTheirExecutor() {
        Endpoint buffering = new Endpoint();
        Endpoint elsewhere = new Endpoint();
        Endpoint unknown = new Endpoint();
        ClientAddresses.connected(buffering, InetSocketAddress.createUnresolved("redis", 6379));
        ClientAddresses.connected(elsewhere, InetSocketAddress.createUnresolved("replica", 6379));
        List<Runnable> lettuceExecutor = new ArrayList<>();
        Executor executor = lettuceExecutor::add;
        LettuceBuffers.buffering(buffering, executor);
        LettuceBuffers.buffering(elsewhere, executor);
        LettuceBuffers.buffering(unknown, executor);
        GATE.open(OPEN, "watchdog: circuit open for " + OPEN);

        assertEquals(1, LettuceBuffers.release(OPEN, "watchdog: circuit open for " + OPEN), "only the host's endpoint");
        assertEquals(List.of(), buffering.notified, "not on the releasing thread");
        lettuceExecutor.forEach(Runnable::run);
        assertEquals(1, buffering.notified.size());
        assertInstanceOf(LettuceBuffers.Release.class, buffering.notified.get(0));
        assertEquals("watchdog: circuit open for " + OPEN, buffering.notified.get(0).getMessage());
        assertEquals(List.of(), elsewhere.notified);

        assertEquals("watchdog: circuit open for " + OPEN, LettuceBuffers.releaseMessage(buffering, null), "while it stays open");
        assertNull(LettuceBuffers.releaseMessage(elsewhere, null));
        LettuceBuffers.stopReleasing(OPEN);
        assertNull(LettuceBuffers.releaseMessage(buffering, null), "no longer open on evidence (half-open, forced, closed)");
    }

    @Test
    void anOpenHostNotReleasedLeavesBuffersAlone() {
        Endpoint buffering = new Endpoint();
        ClientAddresses.connected(buffering, InetSocketAddress.createUnresolved("redis", 6379));
        GATE.open(OPEN, "watchdog: circuit open for " + OPEN);
        assertNull(LettuceBuffers.releaseMessage(buffering, null), "an operator's forceOpen, or release-waiting off");
        LettuceBuffers.closed(buffering);
        LettuceBuffers.closed(null);
    }
}
