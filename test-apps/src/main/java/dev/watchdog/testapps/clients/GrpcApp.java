package dev.watchdog.testapps.clients;

import com.google.common.util.concurrent.ListenableFuture;
import dev.watchdog.testapps.Calls;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.internal.GrpcUtil;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * grpc-java over grpc-netty-shaded, calling one unary method (the standard health service's
 * {@code Check}) every period, output as {@link Calls}. Kinds: {@code blocking}, {@code future},
 * {@code async} (the {@code StreamObserver}'s {@code onError} is the call's failure) on one shared
 * channel, as applications keep one; {@code fresh}: a blocking call on a new channel, shut down
 * after the call. No call has a deadline (grpc-java's default): a call on a dead connection waits
 * until the connection dies.
 *
 * <p>Usage: {@code GrpcApp <host:port> <periodMs> <maxSeconds> [kind,kind...]} (default: every kind).
 * The first line, {@code LIB grpc <version> <channel type>}, says which grpc-java and which Netty
 * transport (EpollSocketChannel or NioSocketChannel) the channels use.
 */
public final class GrpcApp {

    public static final List<String> KINDS = List.of("blocking", "future", "async", "fresh");
    private static final HealthCheckRequest REQUEST = HealthCheckRequest.newBuilder().setService("").build();

    private final String target;
    private final ManagedChannel channel;

    GrpcApp(String target) {
        this.target = target;
        this.channel = channel(target);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: GrpcApp <host:port> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        Calls.print("LIB grpc " + GrpcUtil.IMPLEMENTATION_VERSION + " " + transport());
        GrpcApp app = new GrpcApp(args[0]);
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.channel.shutdownNow();
    }

    /** The Netty channel class grpc-netty-shaded's channels use when none is set: epoll where it loads, else NIO. */
    static String transport() throws ReflectiveOperationException {
        Field type = Class.forName("io.grpc.netty.shaded.io.grpc.netty.Utils").getField("DEFAULT_CLIENT_CHANNEL_TYPE");
        type.setAccessible(true);
        return ((Class<?>) type.get(null)).getSimpleName();
    }

    private static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext().build();
    }

    private Calls.Call call(String kind) {
        Calls.Call call = switch (kind) {
            case "blocking" -> () -> check(HealthGrpc.newBlockingStub(channel).check(REQUEST));
            case "future" -> this::future;
            case "async" -> this::async;
            case "fresh" -> this::fresh;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        return () -> {
            try {
                call.run();
            } catch (Exception e) {
                throw byStatus(e);
            }
        };
    }

    /**
     * A failed call's status, as an exception the output names: {@code Unavailable} (its message
     * the status's description, where the agent's rejection is) or {@code OtherStatus} ("CODE: description").
     */
    static Exception byStatus(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        Status status = t instanceof StatusRuntimeException sre ? sre.getStatus() : t instanceof StatusException se ? se.getStatus() : null;
        if (status == null) {
            return e;
        }
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            return new Unavailable(status);
        }
        return new OtherStatus(status);
    }

    /** The call ended with {@code Status.UNAVAILABLE}; the message is its description. */
    static final class Unavailable extends Exception {
        Unavailable(Status status) {
            super(String.valueOf(status.getDescription()), status.asRuntimeException());
        }
    }

    /** The call ended with another status. */
    static final class OtherStatus extends Exception {
        OtherStatus(Status status) {
            super(status.getCode() + ": " + status.getDescription(), status.asRuntimeException());
        }
    }

    void future() throws Exception {
        ListenableFuture<HealthCheckResponse> f = HealthGrpc.newFutureStub(channel).check(REQUEST);
        check(f.get());
    }

    void async() throws Exception {
        CompletableFuture<HealthCheckResponse> done = new CompletableFuture<>();
        HealthGrpc.newStub(channel).check(REQUEST, new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.completeExceptionally(new IOException("completed without a response"));
            }
        });
        check(done.get());
    }

    void fresh() throws Exception {
        ManagedChannel own = channel(target);
        try {
            check(HealthGrpc.newBlockingStub(own).check(REQUEST));
        } finally {
            own.shutdownNow();   // not awaited: the call's time is the call's
        }
    }

    private static void check(HealthCheckResponse response) throws IOException {
        if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
            throw new IOException("status " + response.getStatus());
        }
    }
}
