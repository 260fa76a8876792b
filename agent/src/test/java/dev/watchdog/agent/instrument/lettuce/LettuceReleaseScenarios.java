package dev.watchdog.agent.instrument.lettuce;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.bootstrap.AgentThread;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loaded by {@link HookedLettuce} (it uses the hooked Lettuce), run by {@link LettuceReleaseTest}: a real
 * connection to the local Redis whose reconnect is an hour away, so a command Lettuce holds for after the
 * reconnect would wait its whole timeout (a minute, Lettuce's default) unless the breaker's opening ends it.
 */
public final class LettuceReleaseScenarios {

    static final String HOST_KEY = "127.0.0.1:6379";

    /** Killed by the server while healthy: the next command is buffered; {@code open} opens the breaker on evidence. */
    public void aCommandBufferedBeforeTheOpenEndsAtTheOpen(Runnable open) throws Exception {
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofHours(1))).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create("redis://" + HOST_KEY));
        try (StatefulRedisConnection<String, String> connection = client.connect();
             StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().clientKill(KillArgs.Builder.id(connection.sync().clientId()));
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); connection.isOpen() && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
            assertFalse(connection.isOpen(), "the server closed the connection");
            RedisFuture<String> buffered = connection.async().ping();
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            buffered.whenComplete((reply, error) -> completedOn.set(Thread.currentThread()));
            Thread.sleep(200);
            assertFalse(buffered.isDone(), "buffered until the reconnect");

            open.run();
            assertReleased(buffered);
            assertFalse(completedOn.get() instanceof AgentThread,
                    "completed on " + completedOn.get() + ": the application's callbacks must not run as the agent's work");
        } finally {
            client.shutdown(0, 1, TimeUnit.SECONDS);
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    /** A command under way when the agent shuts the connection down is re-queued by Lettuce: it ends too. */
    public void aCommandUnderWayWhenTheConnectionIsShutDownEnds(Runnable open) throws Exception {
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofHours(1))).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create("redis://" + HOST_KEY));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisFuture<?> waiting = connection.async().blpop(30, "watchdog-release-test-" + System.nanoTime());
            Thread.sleep(200);
            assertFalse(waiting.isDone(), "the server holds BLPOP for 30 s");

            open.run();
            assertReleased(waiting);
        } finally {
            client.shutdown(0, 1, TimeUnit.SECONDS);
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void assertReleased(RedisFuture<?> command) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> command.get(5, TimeUnit.SECONDS),
                "ended by the breaker's opening, not by its timeout");
        assertInstanceOf(RedisConnectionException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("watchdog: circuit open for " + HOST_KEY), e.getCause().getMessage());
    }
}
