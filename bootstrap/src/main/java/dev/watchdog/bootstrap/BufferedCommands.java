package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * The commands a client holds for a host while it is disconnected from it (a Lettuce endpoint's buffer:
 * commands issued while it reconnects, and those in flight when the connection dropped, re-queued to be
 * retried once it is back). When the host's breaker opens on evidence they end now with the agent's
 * rejection, as the waits in pools do ({@link PoolWaiters}), instead of waiting for their command
 * timeout (Lettuce's default: 60 s).
 *
 * <p>The clients are those {@link ClientAddresses} knows at that host. The client's own code fails the
 * commands, in advice that knows its types: this class only reaches each client through a public method of
 * its interface that takes a JDK type (Lettuce's {@code Endpoint#notifyException(Throwable)}), handing it a
 * {@link Release}, which that advice takes in place of the method's own work. Runs on the agent's thread,
 * once per opening; the client's commands' callbacks run there too, as they would on the client's event loop.
 */
public final class BufferedCommands {

    private static final MethodType NOTIFY = MethodType.methodType(void.class, Object.class, Throwable.class);
    private static final ClassValue<MethodHandle> DOOR = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return NettyChannels.publicInterfaceMethod(type, "notifyException", "lettuce.core.protocol.Endpoint", NOTIFY);
        }
    };

    /** What the client's advice receives: the rejection message, and how many commands it failed with it. */
    public static final class Release extends RuntimeException {
        private int failed;

        /** Advice (re-queued commands of an open host) may make its own. */
        public Release(String message) {
            super(message, null, false, false);
        }

        /** Advice: {@code commands} more commands ended with this message. */
        public void failed(int commands) {
            failed += commands;
        }
    }

    private BufferedCommands() {
    }

    /** The breaker of {@code hostKey} opened: the commands its clients buffered end with {@code message}. @return how many */
    public static int release(String hostKey, String message) {
        int[] failed = {0};
        ClientAddresses.forEachOf(hostKey, client -> failed[0] += release(client, message));
        return failed[0];
    }

    private static int release(Object client, String message) {
        try {
            MethodHandle door = DOOR.get(client.getClass());
            if (door == null) {
                return 0;
            }
            Release release = new Release(message);
            door.invokeExact(client, (Throwable) release);
            return release.failed;
        } catch (Throwable e) {
            return 0;   // the advice suppresses its own failures; a client that cannot be reached keeps its commands
        }
    }
}
