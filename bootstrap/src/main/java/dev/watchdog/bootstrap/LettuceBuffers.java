package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Lettuce endpoints that buffered commands while disconnected (Lettuce replays them after reconnecting), so
 * that when their host's breaker opens on evidence those commands end at once, as waits in a pool do
 * ({@link PoolWaiters}), instead of waiting their command timeout (60 s by default). Recorded by the advice
 * where a command is buffered, which happens only while disconnected; a closed endpoint is forgotten at once.
 * While the host stays open, commands buffered later (re-queued from a connection the agent shut down, or
 * found by a write the gate rejects) end too ({@link #releaseMessage}); an operator's forceOpen, or
 * {@code watchdog.breaker.release-waiting=false}, releases nothing.
 *
 * <p>The release asks each endpoint of the host, on Lettuce's own executor (the application's callbacks then
 * run where Lettuce runs them, not on an agent thread, whose work the gate never refuses), to end its buffered
 * commands: its public {@code notifyException} is called with a {@link Release}, which the endpoint's advice
 * turns into Lettuce's own {@code RedisConnectionException}. That method is the only Lettuce name here, found
 * once per class as a public method, so this class needs no Lettuce type.
 */
public final class LettuceBuffers {

    static final int SLOTS = 1024;
    private static final WeakIdentityTable<Executor> TABLE = new WeakIdentityTable<>(SLOTS);
    /** The hosts released since their breaker opened on evidence, until it closes or half-opens. */
    private static final ConcurrentHashMap<String, Boolean> RELEASED = new ConcurrentHashMap<>();
    private static final MethodType NOTIFY = MethodType.methodType(void.class, Object.class, Throwable.class);
    private static final ClassValue<MethodHandle> NOTIFY_EXCEPTION = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "notifyException",
                        MethodType.methodType(void.class, Throwable.class)).asType(NOTIFY);
            } catch (ReflectiveOperationException | RuntimeException notAnEndpoint) {
                return null;
            }
        }
    };

    /** The signal an endpoint's advice recognises: end the buffered commands with this message. */
    public static final class Release extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Release(String message) {
            super(message, null, false, false);
        }
    }

    private LettuceBuffers() {
    }

    /** Advice: {@code endpoint} buffered a command; {@code executor} is where its commands complete (Lettuce's). */
    public static void buffering(Object endpoint, Executor executor) {
        if (endpoint != null && executor != null) {
            TABLE.put(endpoint, executor, false);
        }
    }

    /** Advice: {@code endpoint} was closed (Lettuce cancels its buffered commands itself). */
    public static void closed(Object endpoint) {
        if (endpoint != null) {
            TABLE.remove(endpoint);
        }
    }

    /**
     * The breaker of {@code hostKey} opened on evidence: every endpoint recorded for it ({@link ClientAddresses})
     * is asked to end its buffered commands with {@code message}. @return how many endpoints were asked
     */
    public static int release(String hostKey, String message) {
        RELEASED.put(hostKey, Boolean.TRUE);
        int[] asked = {0};
        TABLE.forEach((endpoint, executor) -> {
            InetSocketAddress address = ClientAddresses.addressOf(endpoint);
            if (address != null && hostKey.equals(Gate.key(address.getHostString(), address.getPort()))) {
                try {
                    executor.execute(() -> notifyRelease(endpoint, message));
                    asked[0]++;
                } catch (RuntimeException shutDown) {
                    // the client was shut down: it ended its commands itself
                }
            }
        });
        return asked[0];
    }

    /** The breaker of {@code hostKey} left the open state: commands buffered from now on are Lettuce's again. */
    public static void stopReleasing(String hostKey) {
        RELEASED.remove(hostKey);
    }

    /**
     * Advice, only while some breaker is open: the message {@code endpoint}'s buffered commands end with now,
     * null when its host (known as {@link ClientAddresses#reject} knows it, {@code reconnector} included) is not
     * open and released. Not counted as a rejection: these are calls already made.
     */
    public static String releaseMessage(Object endpoint, Object reconnector) {
        InetSocketAddress address = ClientAddresses.addressOf(endpoint, null, reconnector);
        if (address == null) {
            return null;
        }
        String hostKey = Gate.key(address.getHostString(), address.getPort());
        return RELEASED.containsKey(hostKey) ? OpenHosts.openMessage(hostKey) : null;
    }

    private static void notifyRelease(Object endpoint, String message) {
        MethodHandle notify = NOTIFY_EXCEPTION.get(endpoint.getClass());
        if (notify == null) {
            return;
        }
        try {
            notify.invokeExact(endpoint, (Throwable) new Release(message));
        } catch (Throwable e) {
            Gate.adviceFailed(e);
        }
    }
}
