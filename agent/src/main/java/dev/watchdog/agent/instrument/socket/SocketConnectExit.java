package dev.watchdog.agent.instrument.socket;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.OpenConnections;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * The exit half of {@link SocketConnectAdvice}: throws its rejection, reports the outcome as every
 * connect-level hook does, and records a connection to a watched host, by its name and its IP literal,
 * so that it can be closed when that host's breaker opens ({@link OpenConnections}). While no host is
 * watched the success path costs two volatile reads.
 */
public final class SocketConnectExit {

    private SocketConnectExit() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Throwable rejection, @Advice.Thrown(readOnly = false) Throwable thrown,
                            @Advice.This Object connection, @Advice.Argument(0) Object endpoint) {
        if (rejection != null) {
            thrown = rejection;
            return;
        }
        if (thrown != null) {
            Gate.failed(connection, endpoint, thrown);
            return;
        }
        if (Gate.anyTrial()) {
            Gate.succeeded(connection, endpoint);
        }
        if (OpenConnections.watching() && endpoint instanceof InetSocketAddress) {
            InetSocketAddress address = (InetSocketAddress) endpoint;
            OpenConnections.opened(connection, address.getHostString(), address.getPort());
            InetAddress resolved = address.getAddress();
            if (resolved != null && !resolved.getHostAddress().equals(address.getHostString())) {
                OpenConnections.opened(connection, resolved.getHostAddress(), address.getPort());
            }
        }
    }
}
