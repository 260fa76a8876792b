package dev.watchdog.bench.jmh;

import dev.watchdog.bootstrap.Evidence;
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

/**
 * The evidence a statement's advice records ({@link Evidence}), in-process, as the advice calls it:
 * {@code any()}, then only when it says so {@code start} and, on a normal return, {@code succeeded}.
 * Nothing watched (max-quiet 0, or no target UP); a host in doubt (every call records: the doubt path);
 * a host watched by an UP target with max-quiet, at the first call of a check window (records, and the
 * agent's {@code want} that opens the window, an uncontended lock, is in the measured op) and at later
 * calls of the window (already proven: no token; with another host still wanted, and alone).
 * The harness's section {@code evidence} runs it ({@code benchmarks/run.sh --only evidence}, {@link dev.watchdog.bench.EvidenceSection}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvidenceBench {

    static final String HOST = "db.internal:5432";
    static final String OTHER = "cache.internal:6379";
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    @State(Scope.Thread)
    public static class Hosts {
        public String[] hosts = {HOST};
    }

    @State(Scope.Benchmark)
    public static class NothingWatched {
    }

    @State(Scope.Benchmark)
    public static class Doubted {
        @Setup(Level.Trial)
        public void setUp() {
            Evidence.doubt(HOST, "bench", TIMEOUT_NANOS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Evidence.clear(HOST, "bench");
        }
    }

    @State(Scope.Benchmark)
    public static class Watched {
        @Setup(Level.Trial)
        public void setUp() {
            Evidence.watch(HOST, "bench", TIMEOUT_NANOS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Evidence.unwatch(HOST, "bench");
        }
    }

    /** The host's window is proven while another target's host still wants a call: the advice looks the host up. */
    @State(Scope.Benchmark)
    public static class ProvenOtherWanted {
        @Setup(Level.Trial)
        public void setUp() {
            Evidence.watch(HOST, "bench", TIMEOUT_NANOS);
            Evidence.watch(OTHER, "other", TIMEOUT_NANOS);
            Evidence.want(OTHER);   // never called: wanted for the whole run
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Evidence.unwatch(HOST, "bench");
            Evidence.unwatch(OTHER, "other");
        }
    }

    /** What the statement advice does around the driver's method. */
    private static Object call(String[] hosts) {
        Object token = Evidence.any() ? Evidence.start(hosts) : null;
        if (token != null) {
            Evidence.succeeded(token);
        }
        return token;
    }

    @Benchmark
    public Object nothingWatched(NothingWatched s, Hosts h) {
        return call(h.hosts);
    }

    @Benchmark
    public Object hostDoubted(Doubted s, Hosts h) {
        return call(h.hosts);
    }

    @Benchmark
    public Object hostWatchedFirstCallOfWindow(Watched s, Hosts h) {
        Evidence.want(HOST);
        return call(h.hosts);
    }

    @Benchmark
    public Object hostWatchedLaterCallOtherWanted(ProvenOtherWanted s, Hosts h) {
        return call(h.hosts);
    }

    @Benchmark
    public Object hostWatchedLaterCallAlone(Watched s, Hosts h) {
        return call(h.hosts);
    }
}
