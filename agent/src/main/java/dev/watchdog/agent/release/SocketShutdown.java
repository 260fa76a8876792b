package dev.watchdog.agent.release;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Shuts a connection down by its file descriptor, in both directions, through the JDK's own
 * {@code sun.nio.ch.Net.shutdown}: a read blocked on it returns end-of-stream at once and its client
 * reports its own connection error. The descriptor is not closed (the client still owns it and closes it
 * as it always does), so it can never be reused under the client's feet.
 */
final class SocketShutdown {

    private static final int SHUT_RDWR = 2;

    private final Method newFd;
    private final Method shutdown;

    private SocketShutdown(Method newFd, Method shutdown) {
        this.newFd = newFd;
        this.shutdown = shutdown;
    }

    /** Opens {@code sun.nio.ch} to the agent (as the gate's injection opens its package), or fails. */
    static SocketShutdown open(Instrumentation inst) throws ReflectiveOperationException {
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("sun.nio.ch", Set.of(SocketShutdown.class.getModule())),
                Set.of(), Map.of());
        Method newFd = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("newFD", int.class);
        Method shutdown = Class.forName("sun.nio.ch.Net").getDeclaredMethod("shutdown", java.io.FileDescriptor.class, int.class);
        newFd.setAccessible(true);
        shutdown.setAccessible(true);
        return new SocketShutdown(newFd, shutdown);
    }

    void shutdown(int fd) throws ReflectiveOperationException {
        shutdown.invoke(null, newFd.invoke(null, fd), SHUT_RDWR);
    }
}
