package dev.watchdog.agent.instrument.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.instrument.TestGate;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.internal.ClientStream;
import io.grpc.internal.ClientStreamListener;
import io.grpc.internal.FailingClientStream;
import io.grpc.internal.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The enter advice called as the inlined code calls it, with a channel's authority: which hosts it
 * rejects and the stream it puts in the call's place. The real channel is covered end to end
 * (test-apps' GrpcFailFastTest).
 */
class GrpcNewStreamAdviceTest {

    private final List<String> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(GateAccess.control()::close);
    }

    private TestGate gate(String... open) {
        TestGate gate = new TestGate();
        for (String h : open) {
            gate.open(h);
            opened.add(h);
        }
        return gate;
    }

    private static Channel channel(String authority) {
        return new Channel() {
            @Override
            public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String authority() {
                return authority;
            }
        };
    }

    @Test
    void aCallToAnOpenHostGetsAFailingStreamWithTheAgentsMessage() {
        try (TestGate gate = gate("orders:50051")) {
            ClientStream stream = GrpcNewStreamAdvice.enter(channel("Orders:50051"));
            assertInstanceOf(FailingClientStream.class, stream);
            AtomicReference<Status> closed = new AtomicReference<>();
            stream.start(new ClientStreamListener() {
                @Override
                public void headersRead(Metadata headers) {
                }

                @Override
                public void closed(Status status, RpcProgress progress, Metadata trailers) {
                    closed.set(status);
                }

                @Override
                public void messagesAvailable(StreamListener.MessageProducer producer) {
                }

                @Override
                public void onReady() {
                }
            });
            assertEquals(Status.Code.UNAVAILABLE, closed.get().getCode());
            assertEquals("watchdog: circuit open for orders:50051", closed.get().getDescription());
            assertEquals(List.of("orders:50051"), gate.rejections());
        }
    }

    @Test
    void ipv6AuthoritiesAreReadWithTheirBrackets() {
        try (TestGate gate = gate("[::1]:9090")) {
            assertInstanceOf(FailingClientStream.class, GrpcNewStreamAdvice.enter(channel("[::1]:9090")));
            assertEquals(List.of("[::1]:9090"), gate.rejections());
        }
    }

    @Test
    void otherHostsAndAuthoritiesWithoutAPortGoThrough() {
        try (TestGate gate = gate("orders:50051")) {
            assertNull(GrpcNewStreamAdvice.enter(channel("orders:50052")));
            assertNull(GrpcNewStreamAdvice.enter(channel("billing:50051")));
            assertNull(GrpcNewStreamAdvice.enter(channel("orders")));
            assertNull(GrpcNewStreamAdvice.enter(channel("orders:")));
            assertNull(GrpcNewStreamAdvice.enter(channel("orders:5x")));
            assertNull(GrpcNewStreamAdvice.enter(channel("[::1]")));
            assertNull(GrpcNewStreamAdvice.enter(channel(null)));
            assertEquals(List.of(), gate.rejections());
        }
    }

    @Test
    void nothingOpenNothingRead() {
        try (TestGate gate = gate()) {
            assertNull(GrpcNewStreamAdvice.enter(channel("orders:50051")));
            assertEquals(List.of(), gate.adviceFailures());
        }
    }
}
