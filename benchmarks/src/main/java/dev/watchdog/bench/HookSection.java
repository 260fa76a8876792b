package dev.watchdog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The closed path of each client hook: the advice's enter and exit methods, called as the inlined code
 * runs them, while no breaker is open (JMH with the GC profiler, against a plain field read). The forks
 * see the agent's classes and the client libraries (benchmarks/target/hooks-classpath.txt), no agent.
 */
public final class HookSection {

    private static final double GOAL_NS = 5;

    /** Benchmark method of {@code HookBench} → the hook it measures, as the table names it. */
    private static final Map<String, String> HOOKS = new java.util.LinkedHashMap<>();

    static {
        HOOKS.put("nettyConnect", "Netty `DefaultChannelPipeline$HeadContext#connect`");
        HOOKS.put("nettyWrite", "Netty `DefaultChannelPipeline$HeadContext#write` (every outbound message)");
        HOOKS.put("reactorNettyAcquire", "Reactor Netty `PooledConnectionProvider#acquire`");
        HOOKS.put("lettuceWrite", "Lettuce `DefaultEndpoint#write` (every command)");
        HOOKS.put("jedisSendCommand", "Jedis `Connection#sendCommand` (every command)");
        HOOKS.put("grpcNewStream", "gRPC `ManagedChannelImpl$ChannelStreamProvider#newStream`");
        HOOKS.put("rabbitMqChannelOperation", "RabbitMQ `AMQChannel#rpc/asyncRpc/transmit`");
        HOOKS.put("rabbitMqNewConnection", "RabbitMQ `FrameHandlerFactory#create`");
        HOOKS.put("mongoSelectServer", "MongoDB `BaseCluster#selectServer`");
        HOOKS.put("kafkaSend", "Kafka `KafkaProducer#waitOnMetadata` (every `send`)");
        HOOKS.put("apacheAsync4Execute", "HttpAsyncClient 4.1 `execute`");
        HOOKS.put("apache5MinimalExecute", "HttpClient 5 minimal async `execute`");
    }

    private HookSection() {
    }

    public static void run(Report r, Settings s) {
        Map<String, Jmh.Figure> f = Jmh.runWith(hooksClassPath(), s, "dev\\.watchdog\\.bench\\.jmh\\.HookBench\\.", true, "hooks");
        r.section("Client hooks' closed path (JMH, in-process)",
                "Each new client hook's enter and exit advice, called directly as the inlined code runs them, nothing open:"
                        + " what every call of that client pays while breakers are closed. Baseline: a plain non-volatile field"
                        + " read in the same run. Allocation from JMH `-prof gc` (gc.alloc.rate.norm).");
        Stats base = f.get("plainFieldRead").stats();
        HOOKS.forEach((method, hook) -> {
            Jmh.Figure fig = f.get(method);
            Stats st = fig.stats();
            boolean met = st.median() <= GOAL_NS && fig.allocBytesPerOp() < 0.5;
            r.row(hook, Units.nanos(st.median()) + ", " + Units.fmt(fig.allocBytesPerOp()) + " B/op", Spread.nanos(st),
                    Units.nanos(base.median()), Units.ratio(st.median() / base.median()), "≤ 5 ns and 0 B/op", Report.verdict(met));
        });
        r.row("plain field read (baseline)", Units.nanos(base.median()) + ", " + Units.fmt(f.get("plainFieldRead").allocBytesPerOp())
                + " B/op", Spread.nanos(base), "—", "—", "—", Report.Verdict.INFO);
        r.note(ProfileNotes.HOOKS);
    }

    private static String hooksClassPath() {
        // the repository's root holds agent/target/watchdog-agent.jar: the file sits beside, in benchmarks/target
        Path file = ProbeJvm.agentJar().getParent().getParent().getParent().resolve("benchmarks/target/hooks-classpath.txt");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("no " + file.toAbsolutePath() + ": build the benchmarks module first (mvn package)", e);
        }
    }
}
