package dev.watchdog.agent.instrument.lettuce;

import dev.watchdog.agent.LocalRedis;
import dev.watchdog.agent.breaker.BreakerState;
import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.TestGate;
import dev.watchdog.agent.release.WaitingCalls;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands a real Lettuce connection holds for after its reconnect end when their host's breaker opens on
 * evidence ({@link WaitingCalls}, {@code watchdog.breaker.release-waiting}), with Lettuce's own
 * {@code RedisConnectionException} carrying the agent's message: one buffered while disconnected before the
 * open, one under way that Lettuce re-queues when the agent shuts its connection down. Against the local Redis.
 */
class LettuceReleaseTest {

    /** One hooked Lettuce for the class: Lettuce's Netty attribute keys may be created once per JVM. */
    private static HookedLettuce lettuce;
    private TestGate gate;

    @BeforeAll
    static void hook() {
        System.setProperty("io.lettuce.core.epoll", "false");   // NIO: here epoll's native calls failed (UnsatisfiedLinkError)
        lettuce = new HookedLettuce(LettuceReleaseScenarios.class);
    }

    @AfterAll
    static void unhook() {
        System.clearProperty("io.lettuce.core.epoll");
    }

    @BeforeEach
    void redis() {
        LocalRedis.assumeRunning();
        gate = new TestGate();
    }

    @AfterEach
    void close() {
        if (gate != null) {
            GateAccess.control().close(LettuceReleaseScenarios.HOST_KEY);
            gate.close();
        }
    }

    @Test
    void aCommandBufferedBeforeTheOpenEndsAtTheOpen() throws Throwable {
        run("aCommandBufferedBeforeTheOpenEndsAtTheOpen");
    }

    @Test
    void aCommandUnderWayWhenTheConnectionIsShutDownEnds() throws Throwable {
        run("aCommandUnderWayWhenTheConnectionIsShutDownEnds");
    }

    /** The scenario on the hooked Lettuce, given the breaker's opening on evidence as the agent does it. */
    private void run(String scenario) throws Throwable {
        Runnable open = () -> {
            gate.open(LettuceReleaseScenarios.HOST_KEY);
            new WaitingCalls(null, () -> true).changed(LettuceReleaseScenarios.HOST_KEY, BreakerState.CLOSED, BreakerState.OPEN, "DOWN");
        };
        Object scenarios = lettuce.scenarios();
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(lettuce);   // Lettuce finds some of its own classes (JFR events) by the context loader
        try {
            scenarios.getClass().getMethod(scenario, Runnable.class).invoke(scenarios, open);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            thread.setContextClassLoader(context);
        }
    }
}
