package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * Lettuce endpoints that buffered commands while disconnected (Lettuce replays them after reconnecting), so
 * that when their host's breaker opens on evidence those commands end at once, as waits in a pool do
 * ({@link PoolWaiters}), instead of waiting their command timeout (60 s by default). Recorded by the advice
 * where a command is buffered, which happens only while disconnected; a closed endpoint is forgotten at once.
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
