package dev.watchdog.agent.instrument.socket;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's own connect paths ({@code java.net.Socket#connect(SocketAddress, int)},
 * {@code sun.nio.ch.SocketChannelImpl#connect(SocketAddress)}): the fallback for every TCP client
 * without a hook of its own. The address is checked by the name it was given and, when resolved,
 * by its IP literal, so a breaker keyed either way matches.
 *
 * <p>Counted once: a client-level hook that rejects skips the client's body, so no socket is ever
 * opened for that call; in observe mode, a call a client-level hook counted and let through on this
 * thread is not counted again here ({@link Gate#rejectSocket}). The gate lets
 * the agent's own threads through (health checks), and nothing the gate calls opens a socket, so
 * this advice never re-enters itself.
 */
public final class SocketConnectAdvice {

    private SocketConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) SocketAddress endpoint) {
        if (!Gate.anyOpen()) {
            return null;
        }
        String message = Gate.rejectSocketAddress(endpoint);   // Unix domain sockets and custom addresses name no host:port
        return message == null ? null : new ConnectException(message);
    }
}
