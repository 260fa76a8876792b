package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.SocketAddress;

/**
 * What the Netty write hook needs to know of a channel without naming a Netty type (the advice is
 * inlined into every copy of Netty, shaded ones included): the remote address of the channel a
 * pipeline's head writes to ({@code ctx.channel().remoteAddress()}) and the release of a message it
 * will not write ({@code ReferenceCounted#release()}).
 *
 * <p>Each method is found once per class, on a public interface of the class (Netty's handler
 * contexts and channels are package-private classes behind public interfaces), and kept as a
 * MethodHandle in a ClassValue (which does not keep the class's loader alive); a class without
 * one is remembered as such. Called by the advice only while some breaker is open: nothing here runs
 * on the closed path. No locks, no I/O: {@code remoteAddress()} of a connected channel is a field read.
 */
public final class NettyChannels {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType RELEASE = MethodType.methodType(boolean.class, Object.class);

    private static final ClassValue<MethodHandle> CHANNEL = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return publicInterfaceMethod(type, "channel", null, GETTER);
        }
    };
    private static final ClassValue<MethodHandle> REMOTE_ADDRESS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return publicInterfaceMethod(type, "remoteAddress", null, GETTER);
        }
    };
    private static final ClassValue<MethodHandle> RELEASE_METHOD = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return publicInterfaceMethod(type, "release", "netty.util.ReferenceCounted", RELEASE);
        }
    };

    private NettyChannels() {
    }

    /**
     * The rejection message for a write through {@code context} (a pipeline's head: its channel's
     * remote end is the host written to), or null: not an open host, not an IP socket, or not a
     * context this class can read. Like a connect, it needs no trial permit of a half-open host.
     */
    public static String rejectWrite(Object context) {
        SocketAddress remote = remoteAddress(context);
        return remote == null ? null : Gate.rejectSocketAddress(remote);
    }

    /** {@code context.channel().remoteAddress()}, or null when unknown (not connected, not readable). */
    static SocketAddress remoteAddress(Object context) {
        if (context == null) {
            return null;
        }
        try {
            MethodHandle channelOf = CHANNEL.get(context.getClass());
            Object channel = channelOf == null ? null : (Object) channelOf.invokeExact(context);
            MethodHandle remoteOf = channel == null ? null : REMOTE_ADDRESS.get(channel.getClass());
            Object remote = remoteOf == null ? null : (Object) remoteOf.invokeExact(channel);
            return remote instanceof SocketAddress ? (SocketAddress) remote : null;
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /**
     * Releases a message the write hook will not pass on, as Netty does with a write it fails
     * ({@code ReferenceCountUtil.release}): a reference-counted message once, anything else not at all.
     * Never throws.
     */
    public static void release(Object message) {
        if (message == null) {
            return;
        }
        try {
            MethodHandle release = RELEASE_METHOD.get(message.getClass());
            if (release != null) {
                boolean released = (boolean) release.invokeExact(message);
            }
        } catch (Throwable alreadyReleased) {
            // an IllegalReferenceCountException: the message was released already, nothing to free
        }
    }

    /**
     * A public no-argument method of a public interface {@code type} implements (a supertype's
     * interfaces included), as a handle of type {@code as}; null when there is none. With
     * {@code interfaceEnding}, only an interface whose name ends so.
     */
    static MethodHandle publicInterfaceMethod(Class<?> type, String name, String interfaceEnding, MethodType as) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            MethodHandle found = inInterfaces(c.getInterfaces(), name, interfaceEnding, as);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static MethodHandle inInterfaces(Class<?>[] interfaces, String name, String interfaceEnding, MethodType as) {
        for (Class<?> i : interfaces) {
            if (Modifier.isPublic(i.getModifiers()) && (interfaceEnding == null || i.getName().endsWith(interfaceEnding))) {
                try {
                    Method m = i.getMethod(name);
                    if (m.getReturnType() == as.returnType() || !as.returnType().isPrimitive()) {
                        return MethodHandles.publicLookup().unreflect(m).asType(as);
                    }
                } catch (ReflectiveOperationException | RuntimeException absentOrInaccessible) {
                    // look further
                }
            }
            MethodHandle inherited = inInterfaces(i.getInterfaces(), name, interfaceEnding, as);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }
}
