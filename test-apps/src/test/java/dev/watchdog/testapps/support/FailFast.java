package dev.watchdog.testapps.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import dev.watchdog.testapps.process.ChildJvm.Stream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The outage-and-recovery walk both protocols share: healthy calls, the proxy switched to a failure
 * mode, the breaker opening and calls rejected fast, the proxy back to forwarding, calls healthy again.
 */
public final class FailFast {

    /** A JVM with the agent, started cold, until its first calls succeed. */
    public static final Duration STARTUP = Duration.ofSeconds(20);
    /** A health change must be seen within interval + timeout + this much. */
    public static final Duration DETECTION = Duration.ofMillis(
            WatchdogConfig.INTERVAL_MS + WatchdogConfig.TIMEOUT_MS + 2_200); // 3 s in all
    /** Calls work again within interval + this much after the breaker closed. */
    public static final Duration RECOVERY = Duration.ofMillis(WatchdogConfig.INTERVAL_MS + 1_500);
    /** A rejected call costs microseconds; this bound only catches a call that really went out (timeouts are seconds). */
    public static final long REJECTION_MAX_MICROS = 50_000;
    /** How long the outage is held, for enough rejected calls to look at. */
    public static final Duration HOLD = Duration.ofMillis(1_500);
    /** Lines arrive a little after the call ended; calls that began this soon after the DOWN line are not judged. */
    public static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    /** What happened, for a test's own extra checks. */
    public record Outage(long switchedNanos, Line down, Line firstRejection, long restoredNanos, Line up) {
    }

    private FailFast() {
    }

    /** Puts the proxy into a failure the agent must see (refuse, blackhole, a delay beyond the check's timeout). */
    @FunctionalInterface
    public interface Fault {
        void apply(TcpProxy proxy) throws IOException;
    }

    public static Outage walk(ChildJvm child, TcpProxy proxy, TcpProxy.Mode mode, String target,
                              String exception, List<String> kinds) throws IOException {
        Fault fault = switch (mode) {
            case BLACKHOLE -> TcpProxy::blackhole;
            case REFUSE -> TcpProxy::refuse;
            default -> throw new IllegalArgumentException("not an outage: " + mode);
        };
        return walk(child, proxy, fault, target, exception, kinds);
    }

    /** The same walk with any fault: {@code fault} is applied where the mode would be switched. */
    public static Outage walk(ChildJvm child, TcpProxy proxy, Fault fault, String target,
                              String exception, List<String> kinds) throws IOException {
        String hostPort = proxy.hostPort();
        awaitAgentReady(child, kinds);

        long switched = System.nanoTime();
        fault.apply(proxy);
        Line down = child.awaitLine(Stream.STDERR, AgentOutput.health(target, "DOWN", hostPort), switched, DETECTION);
        Line first = null;
        for (String kind : kinds) {
            Line rejected = child.awaitLine(Stream.STDOUT, CallLine.rejectionLine(kind, exception, hostPort), switched, DETECTION);
            assertTrue(rejected.nanos() - switched <= DETECTION.toNanos(),
                    "first rejected " + kind + " call came " + millis(rejected.nanos() - switched) + " ms after the switch");
            first = first == null || rejected.nanos() < first.nanos() ? rejected : first;
        }
        sleep(HOLD);

        long restored = System.nanoTime();
        proxy.forward();
        Line up = child.awaitLine(Stream.STDERR, AgentOutput.health(target, "UP", hostPort), restored, DETECTION);
        for (String kind : kinds) {
            child.awaitLine(Stream.STDOUT, CallLine.okLine(kind), up.nanos(), RECOVERY);
        }

        assertRejectedWhileDown(child, down.nanos() + MARGIN_NANOS, restored, exception, hostPort, kinds);
        return new Outage(switched, down, first, restored, up);
    }

    /**
     * Waits for the agent's started line, a successful call of each kind after it, then two
     * health intervals: the agent's first check (which a cold start may make slow, and whose
     * timeout the agent forgives once) is then over, and the tests measure the steady state.
     */
    public static void awaitAgentReady(ChildJvm child, List<String> kinds) {
        Line started = child.awaitLine(Stream.STDERR, AgentOutput.STARTED, STARTUP);
        for (String kind : kinds) {
            child.awaitLine(Stream.STDOUT, CallLine.okLine(kind), started.nanos(), STARTUP);
        }
        sleep(Duration.ofMillis(2 * WatchdogConfig.INTERVAL_MS));
    }

    /**
     * Every call of {@code kinds} begun while the breaker was open was rejected, and fast. Calls of other
     * kinds (an application that also calls another target) are the caller's to judge.
     */
    public static void assertRejectedWhileDown(ChildJvm child, long from, long to, String exception,
                                                String hostPort, List<String> kinds) {
        List<CallLine> calls = CallLine.all(child);
        List<CallLine> whileDown = calls.stream()
                .filter(c -> kinds.contains(c.kind()) && c.startNanos() >= from && c.endNanos() <= to).toList();
        for (String kind : kinds) {
            long n = whileDown.stream().filter(c -> c.kind().equals(kind)).count();
            assertTrue(n >= 5, "only " + n + " " + kind + " calls while the breaker was open\n" + child.describe());
        }
        for (CallLine c : whileDown) {
            if (!c.isRejection(exception, hostPort)) {
                fail("a call begun while " + hostPort + " was DOWN was not rejected by the agent: " + c + "\n" + child.describe());
            }
        }
        // Only calls begun after the breaker opened: one begun before may have waited on the dead
        // server first (a blackhole holds it) and be rejected later, when its retry or next step comes.
        for (CallLine c : calls) {
            if (c.startNanos() >= from && c.isRejection(exception, hostPort) && c.micros() >= REJECTION_MAX_MICROS) {
                fail("rejected call took " + c.micros() + " us: " + c + "\n" + child.describe());
            }
        }
    }

    public static void assertCleanExit(ChildJvm child) throws InterruptedException {
        assertEquals(0, child.awaitExit(Duration.ofSeconds(30)), () -> "exit code\n" + child.describe());
        assertTrue(child.stdout().stream().anyMatch(l -> l.text().equals("DONE")), () -> "no DONE\n" + child.describe());
    }

    static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
