package dev.watchdog.agent.release;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * This JVM's TCP connections, found by file descriptor and shut down. Linux lists a process's descriptors
 * in {@code /proc/self/fd}; the JDK's own {@code sun.nio.ch.Net} asks each socket for its peer and shuts it
 * down in both directions. Every connection is found, whichever client opened it and whenever (before the
 * agent started included, Netty's native transports too), without recording anything on the call path. A
 * read blocked on a shut connection returns end-of-stream at once and its client reports its own
 * connection error. The descriptor is never closed (the client owns it and closes it as it always does),
 * so it cannot be reused under the client's feet.
 */
final class JvmConnections {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final int SHUT_RDWR = 2;

    /** Method handles, not reflection: no accessor class is generated on the 16th call, in the middle of a release. */
    private final MethodHandle newFd;
    private final MethodHandle remotePort;
    private final MethodHandle remoteAddress;
    private final MethodHandle shutdown;

    private JvmConnections(MethodHandle newFd, MethodHandle remotePort, MethodHandle remoteAddress, MethodHandle shutdown) {
        this.newFd = newFd;
        this.remotePort = remotePort;
        this.remoteAddress = remoteAddress;
        this.shutdown = shutdown;
    }

    /**
     * Opens {@code sun.nio.ch} to the agent (as the gate's injection opens its package; {@code inst} null:
     * already open, as in tests), or fails where there is no {@code /proc/self/fd} or no such JDK internals.
     */
    static JvmConnections open(Instrumentation inst) throws ReflectiveOperationException, IOException {
        if (!Files.isDirectory(FDS)) {
            throw new IOException(FDS + " is missing (not Linux)");
        }
        if (inst != null) {
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("sun.nio.ch", Set.of(JvmConnections.class.getModule())), Set.of(), Map.of());
        }
        Class<?> net = Class.forName("sun.nio.ch.Net");
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
        return new JvmConnections(
                lookup.findStatic(Class.forName("sun.nio.ch.IOUtil"), "newFD", MethodType.methodType(FileDescriptor.class, int.class)),
                lookup.findStatic(net, "remotePort", MethodType.methodType(int.class, FileDescriptor.class)),
                lookup.findStatic(net, "remoteInetAddress", MethodType.methodType(InetAddress.class, FileDescriptor.class)),
                lookup.findStatic(net, "shutdown", MethodType.methodType(void.class, FileDescriptor.class, int.class)));
    }

    /** Shuts down every connection of this JVM to one of {@code addresses} on {@code port}. @return how many */
    int shutDownAllTo(Set<InetAddress> addresses, int port) throws IOException {
        int done = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path entry : fds) {
                try {
                    if (!Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
                        continue;
                    }
                    FileDescriptor fd = (FileDescriptor) newFd.invokeExact(Integer.parseInt(entry.getFileName().toString()));
                    if ((int) remotePort.invokeExact(fd) == port && addresses.contains((InetAddress) remoteAddress.invokeExact(fd))) {
                        shutdown.invokeExact(fd, SHUT_RDWR);
                        done++;
                    }
                } catch (Throwable notAConnection) {
                    // closed meanwhile, a listening or Unix domain socket (no peer), or not a number
                }
            }
        }
        return done;
    }

}
