package dev.watchdog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the agent every call is a no-op: nothing throws, nothing is called, every target is UP. */
class WithoutAgentTest {

    @TempDir
    Path dir;

    @Test
    void everyCallIsAHarmlessNoOp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertFalse(Watchdog.attached());
        Registration health = Watchdog.onHealthChange(e -> calls.incrementAndGet());
        Registration overload = Watchdog.onOverload(e -> calls.incrementAndGet());
        Registration files = Watchdog.onFileChange(e -> calls.incrementAndGet());
        Path file = Files.writeString(dir.resolve("watched.txt"), "a");
        Registration watch = Watchdog.watchFile(file);
        Registration check = Watchdog.registerCheck("in-code", () -> {
            calls.incrementAndGet();
            return false;
        }, "localhost:1");
        Registration tuned = Watchdog.registerCheck("tuned", CheckOptions.defaults().interval(Duration.ofMillis(10))
                .timeout(Duration.ofMillis(5)).unhealthyThreshold(1).healthyThreshold(1), () -> {
                    throw new IllegalStateException("never run");
                });
        Files.writeString(file, "b");
        Thread.sleep(50);

        assertTrue(Watchdog.isUp("in-code"));
        assertTrue(Watchdog.isUp("anything"));
        assertTrue(Watchdog.isUp(null));
        assertEquals(BreakerState.CLOSED, Watchdog.breakerState("localhost:1"));
        assertEquals(BreakerState.CLOSED, Watchdog.breakerState(null));
        assertEquals(BreakerState.CLOSED, Watchdog.breakerState("not a host"));
        assertFalse(Watchdog.breakerState("localhost:1").rejects());
        for (Registration r : new Registration[] {health, overload, files, watch, check, tuned}) {
            assertNotNull(r);
            r.close();
            r.close();   // twice: harmless
        }
        assertEquals(0, calls.get(), "no listener or check is ever called without the agent");
        assertFalse(Watchdog.attached());
    }

    @Test
    void badArgumentsAreNoOpsToo() {
        assertNotNull(Watchdog.onHealthChange(null));
        assertNotNull(Watchdog.onOverload(null));
        assertNotNull(Watchdog.onFileChange(null));
        assertNotNull(Watchdog.watchFile(null));
        assertNotNull(Watchdog.registerCheck(null, () -> true));
        assertNotNull(Watchdog.registerCheck("x", null));
        assertNotNull(Watchdog.registerCheck("x", null, () -> true, (String[]) null));
        Watchdog.registerCheck("x", () -> true, (String[]) null).close();
    }

    @Test
    void closedRegistrationsDoNotWaitForTheAgent() {
        int before = dev.watchdog.api.internal.AgentLinkAccess.waiting();
        Registration r = Watchdog.onHealthChange(e -> { });
        assertEquals(before + 1, dev.watchdog.api.internal.AgentLinkAccess.waiting());
        r.close();
        assertEquals(before, dev.watchdog.api.internal.AgentLinkAccess.waiting());
    }
}
