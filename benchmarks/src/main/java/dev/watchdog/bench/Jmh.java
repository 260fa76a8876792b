package dev.watchdog.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs JMH benchmarks through its API; JMH's own log goes to a file in the work directory. */
public final class Jmh {

    /** Per benchmark: the score of every measured iteration (all forks), and the allocation per op. */
    public record Figure(List<Double> iterations, double allocBytesPerOp, String unit) {
        public Stats stats() {
            return new Stats(iterations.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private Jmh() {
    }

    /** @param include regex of benchmarks; @param gc add JMH's GC profiler (allocation per op) */
    public static Map<String, Figure> run(Settings s, String include, boolean gc, String logName, String... jvmArgsAppend) {
        return run(s.jmhForks(), s.jmhWarmups(), s.jmhIterations(), s.jmhIterationMillis(), s, include, gc, logName, jvmArgsAppend);
    }

    /** With explicit forks, warm-up and measured iterations of {@code millis} each. */
    public static Map<String, Figure> run(int forks, int warmups, int iterations, int millis, Settings s, String include,
                                         boolean gc, String logName, String... jvmArgsAppend) {
        return runForks(forks, warmups, iterations, millis, s, include, gc, logName, "", jvmArgsAppend);
    }

    /**
     * As {@link #run(Settings, String, boolean, String, String...)}, the forks' class path extended by
     * {@code extraClassPath}: the hook benchmarks call the agent's advice classes, which no other fork may see.
     */
    public static Map<String, Figure> runWith(String extraClassPath, Settings s, String include, boolean gc, String logName) {
        return runForks(s.jmhForks(), s.jmhWarmups(), s.jmhIterations(), s.jmhIterationMillis(), s, include, gc, logName, extraClassPath);
    }

    private static Map<String, Figure> runForks(int forks, int warmups, int iterations, int millis, Settings s, String include,
                                           boolean gc, String logName, String extraClassPath, String... jvmArgsAppend) {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(include)
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.milliseconds(millis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(millis))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .output(s.workDir().resolve("jmh-" + logName + ".log").toString());
        if (jvmArgsAppend.length > 0) {
            opts.jvmArgsAppend(jvmArgsAppend);
        }
        if (gc) {
            opts.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results;
        // forks inherit java.class.path: keep the agent's own classes off it (a test runner puts them there)
        String classPath = System.getProperty("java.class.path");
        String forkClassPath = ProbeJvm.filteredClassPath(false);
        System.setProperty("java.class.path", extraClassPath.isEmpty() ? forkClassPath
                : forkClassPath + java.io.File.pathSeparator + extraClassPath);
        try {
            results = new Runner(opts.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed; see " + s.workDir().resolve("jmh-" + logName + ".log"), e);
        } finally {
            System.setProperty("java.class.path", classPath);
        }
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String name = label.substring(label.lastIndexOf('.') + 1);
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    scores.add(i.getPrimaryResult().getScore());
                }
            }
            figures.put(name, new Figure(scores, alloc(r.getSecondaryResults()), r.getPrimaryResult().getScoreUnit()));
        }
        return figures;
    }

    private static double alloc(Map<String, Result> secondary) {
        for (String key : new String[] {"gc.alloc.rate.norm", "·gc.alloc.rate.norm"}) {
            Result r = secondary.get(key);
            if (r != null) {
                return r.getScore();
            }
        }
        return Double.NaN;
    }

    public static Path log(Settings s, String logName) {
        return s.workDir().resolve("jmh-" + logName + ".log");
    }
}
