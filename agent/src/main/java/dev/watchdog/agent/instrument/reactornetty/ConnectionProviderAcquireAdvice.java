package dev.watchdog.agent.instrument.reactornetty;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * Inlined into Reactor Netty's {@code PooledConnectionProvider#acquire} and
 * {@code NewConnectionProvider#acquire(config, observer, remoteAddress, resolverGroup)}, where every
 * client request (HttpClient, WebClient on it, TcpClient, r2dbc-postgresql's connections) gets its
 * connection: a request to an open host is handed no pooled connection and opens none; acquire returns
 * {@code Mono.error(ConnectException)} instead, so the request fails as a refused connect would, and
 * nothing is written on a keep-alive connection to a dead server. The remote address is the supplier's
 * (the provider asks it too, on subscription): Reactor Netty's suppliers build an unresolved address
 * or take an IP literal, no name is resolved here. A call that passes a half-open host takes its trial
 * permit, which ends with this call on this thread (the outcome comes later, on the event loop).
 */
public final class ConnectionProviderAcquireAdvice {

    private ConnectionProviderAcquireAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(2) Supplier<? extends SocketAddress> remoteAddress) {
        if (!Gate.active() || remoteAddress == null) {
            return null;
        }
        SocketAddress remote = remoteAddress.get();
        if (!(remote instanceof InetSocketAddress)) {
            return null;   // Unix domain sockets name no host:port
        }
        InetSocketAddress address = (InetSocketAddress) remote;
        String name = address.getHostString();
        String message = Gate.rejectHost(name, address.getPort());
        InetAddress resolved = address.getAddress();
        if (message == null && resolved != null && !resolved.getHostAddress().equals(name)) {
            message = Gate.rejectHost(resolved.getHostAddress(), address.getPort());
        }
        return message == null ? null : new ConnectException(message);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            returned = Mono.error(rejection);
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the connection comes later, on the event loop, where its connect and writes are checked
        }
    }
}
