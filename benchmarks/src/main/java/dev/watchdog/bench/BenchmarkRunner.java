package dev.watchdog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs every benchmark section and writes the report.
 *
 * <p>{@code java -cp ... dev.watchdog.bench.BenchmarkRunner [--smoke] [--out BENCHMARKS.md] [--only gate,rejection,...]};
 * {@code -Dbenchmarks.smoke=true} also selects the smoke profile (tiny counts: proves it runs, numbers meaningless).
 */
public final class BenchmarkRunner {

    interface Section {
        void run(Report r, Settings s);
    }

    private static final List<String> NAMES = List.of("gate", "evidence", "hooks", "rejection", "closed-path", "startup", "scaling", "detection", "bigapp");

    private BenchmarkRunner() {
    }

    public static void main(String[] args) throws IOException {
        boolean smoke = Boolean.getBoolean("benchmarks.smoke");
        Path out = Path.of("BENCHMARKS.md");
        List<String> only = NAMES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--smoke] [--out FILE] [--only " + String.join(",", NAMES) + "]");
            }
        }
        Report report = run(smoke, out, only);
        System.err.println("[bench] wrote " + out.toAbsolutePath() + (report.missed().isEmpty() ? "" : "; missed: " + report.missed()));
    }

    public static Report run(boolean smoke, Path out, List<String> only) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("benchmarks.workdir",
                System.getProperty("java.io.tmpdir") + "/watchdog-bench")));
        Settings s = Settings.of(smoke, work);
        Instant start = Instant.now();
        Report r = new Report(smoke ? "watchdog-agent benchmarks (SMOKE RUN: tiny counts, numbers meaningless)"
                        : "watchdog-agent benchmarks",
                "Written by `benchmarks/run.sh`" + (smoke ? " --smoke" : "") + " on " + start
                        + ". Medians of the samples taken in this run; baselines and ratios come from the same run."
                        + " The machine is shared: read the spread before the median. Load average at start: " + loadAverage()
                        + ". Agent jar: `" + ProbeJvm.agentJar() + "`.");
        for (String name : only) {
            Progress.say("section " + name);
            long t0 = System.nanoTime();
            section(name).run(r, s);
            Progress.say("section " + name + " took " + Units.nanos(System.nanoTime() - t0));
            Files.writeString(out, r.markdown());   // partial results survive a later failure
        }
        r.note("Runtime: " + Duration.between(start, Instant.now()).toSeconds() + " s. Load average at end: " + loadAverage()
                + ". Missed goals: "
                + (r.missed().isEmpty() ? "none" : String.join("; ", r.missed())) + ".");
        Files.writeString(out, r.markdown());
        return r;
    }

    /** 1, 5 and 15 minute load averages: other work on this shared machine shows up in every figure. */
    private static String loadAverage() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Section section(String name) {
        return switch (name) {
            case "gate" -> GateSection::run;
            case "evidence" -> EvidenceSection::run;
            case "hooks" -> HookSection::run;
            case "rejection" -> RejectionSection::run;
            case "closed-path" -> ClosedPathSection::run;
            case "startup" -> StartupSection::run;
            case "scaling" -> ScalingSection::run;
            case "detection" -> DetectionSection::run;
            case "bigapp" -> BigAppSection::run;
            default -> throw new IllegalArgumentException("unknown section " + name + "; known: " + NAMES);
        };
    }
}
