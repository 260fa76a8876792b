package dev.watchdog.bench.jmh;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.GateControl;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The gate every advice reads, in-process: nothing open, and one unrelated breaker open. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GateBench {

    /** The switches the agent would hold; this benchmark's JVM has no agent, so it claims them itself. */
    static final GateControl GATE = GateControl.claim();

    /** The baseline: a plain (non-volatile) field read, what the JIT cannot make cheaper. */
    @State(Scope.Thread)
    public static class Plain {
        public int value;
    }

    @State(Scope.Benchmark)
    public static class NothingOpen {
        @Setup(Level.Trial)
        public void setUp() {
            GATE.close("db.internal:5432");
        }
    }

    @State(Scope.Benchmark)
    public static class OneUnrelatedOpen {
        public String host = "other-host";
        public int port = 80;

        @Setup(Level.Trial)
        public void setUp() {
            GATE.open("db.internal:5432", "watchdog: circuit open for db.internal:5432 (benchmark)");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            GATE.close("db.internal:5432");
        }
    }

    @Benchmark
    public boolean plainFieldRead(Plain p) {
        return p.value != 0;
    }

    @Benchmark
    public boolean anyOpenNothingOpen(NothingOpen s) {
        return Gate.anyOpen();
    }

    @Benchmark
    public String rejectHostOneUnrelatedOpen(OneUnrelatedOpen s) {
        return Gate.rejectHost(s.host, s.port);
    }
}
