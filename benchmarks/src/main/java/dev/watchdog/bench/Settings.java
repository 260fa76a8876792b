package dev.watchdog.bench;

import java.nio.file.Path;

/**
 * How hard each section measures. The smoke profile only proves every benchmark still runs (CI);
 * the full profile produces the numbers in BENCHMARKS.md.
 */
public record Settings(boolean smoke, Path workDir,
                       int jmhForks, int jmhWarmups, int jmhIterations, int jmhIterationMillis,
                       int closedPathRounds, int closedPathWarmups, int closedPathIterationMillis,
                       int rejectedWarmup, int rejectedSamples, int refusedSamples, int slowSamples,
                       int startupRuns,
                       int scalingTargets, int scalingWarmSeconds, int scalingWindowSeconds,
                       int detectionRepeats,
                       int bigappRounds, int bigappLoadSeconds) {

    public static Settings of(boolean smoke, Path workDir) {
        if (smoke) {
            return new Settings(true, workDir, 1, 0, 2, 100, 1, 0, 100, 200, 500, 5, 1, 1, 20, 1, 1, 1, 1, 2);
        }
        return new Settings(false, workDir, 2, 3, 5, 500, 3, 6, 1000, 20_000, 20_000, 200, 3, 7, 1000, 5, 30, 3, 3, 60);
    }
}
