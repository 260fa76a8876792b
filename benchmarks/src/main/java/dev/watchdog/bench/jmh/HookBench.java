package dev.watchdog.bench.jmh;

import dev.watchdog.agent.instrument.RethrowRejection;
import dev.watchdog.agent.instrument.apacheasync.AsyncClient4ExecuteAdvice;
import dev.watchdog.agent.instrument.apacheasync.MinimalSendRequestAdvice;
import dev.watchdog.agent.instrument.grpc.GrpcNewStreamAdvice;
import dev.watchdog.agent.instrument.jedis.JedisRejectAdvice;
import dev.watchdog.agent.instrument.kafka.WaitOnMetadataAdvice;
import dev.watchdog.agent.instrument.lettuce.LettuceWriteAdvice;
import dev.watchdog.agent.instrument.netty.NettyConnectAdvice;
import dev.watchdog.agent.instrument.netty.NettyWriteAdvice;
import dev.watchdog.agent.instrument.reactornetty.ConnectionProviderAcquireAdvice;
import dev.watchdog.agent.instrument.mongodb.SelectServerAdvice;
import dev.watchdog.agent.instrument.rabbitmq.ChannelOperationAdvice;
import dev.watchdog.agent.instrument.rabbitmq.FrameHandlerCreateAdvice;
import dev.watchdog.bootstrap.GateControl;
import io.grpc.internal.ClientStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each client hook's closed path: its enter and exit advice called as ByteBuddy inlines them (the enter's
 * result handed to the exit), while no breaker is open. The advice reads its arguments only once a breaker
 * is open, so the closed path is measured with the arguments it would never look at.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HookBench {

    /** The gate's switches, claimed once per JVM (by GateBench, which shares the fork's claim). */
    static final GateControl GATE = GateBench.GATE;

    @State(Scope.Thread)
    public static class Plain {
        public int value;
    }

    /** Nothing open: the state every call of a healthy application sees. */
    @State(Scope.Benchmark)
    public static class Closed {
        @Setup(Level.Trial)
        public void setUp() {
            GATE.close("db.internal:5432");
        }
    }

    @Benchmark
    public boolean plainFieldRead(Plain p) {
        return p.value != 0;
    }

    @Benchmark
    public Object grpcNewStream(Closed c) {
        ClientStream rejection = GrpcNewStreamAdvice.enter(null);
        GrpcNewStreamAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object rabbitMqChannelOperation(Closed c) {
        Throwable rejection = ChannelOperationAdvice.enter(null);
        RethrowRejection.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object rabbitMqNewConnection(Closed c) {
        Throwable rejection = FrameHandlerCreateAdvice.enter(null, false);
        RethrowRejection.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object mongoSelectServer(Closed c) {
        com.mongodb.MongoTimeoutException rejection = SelectServerAdvice.enter(null);
        SelectServerAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object kafkaSend(Closed c) {
        Throwable rejection = WaitOnMetadataAdvice.enter(null, null);
        RethrowRejection.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object apacheAsync4Execute(Closed c) {
        java.net.ConnectException rejection = AsyncClient4ExecuteAdvice.enter(null);
        AsyncClient4ExecuteAdvice.exit(rejection, null, null, null, null);
        return rejection;
    }

    @Benchmark
    public Object apache5MinimalExecute(Closed c) {
        java.net.ConnectException rejection = MinimalSendRequestAdvice.enter(null);
        MinimalSendRequestAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object nettyConnect(Closed c) {
        java.net.ConnectException rejection = NettyConnectAdvice.enter(null);
        NettyConnectAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object nettyWrite(Closed c) {
        java.net.ConnectException rejection = NettyWriteAdvice.enter(null, null);
        NettyWriteAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object reactorNettyAcquire(Closed c) {
        java.net.ConnectException rejection = ConnectionProviderAcquireAdvice.enter(null);
        ConnectionProviderAcquireAdvice.exit(rejection, null);
        return rejection;
    }

    @Benchmark
    public Object lettuceWrite(Closed c) {
        io.lettuce.core.RedisConnectionException rejection = LettuceWriteAdvice.enter(null, null, null, false, null, null);
        LettuceWriteAdvice.exit(rejection, null, null);
        return rejection;
    }

    @Benchmark
    public Object jedisSendCommand(Closed c) {
        Throwable rejection = JedisRejectAdvice.enter(null);
        RethrowRejection.exit(rejection, null);
        return rejection;
    }
}
