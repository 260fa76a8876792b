package dev.watchdog.bench;

import java.util.Arrays;

/** Order statistics of one sample set (nanoseconds or any unit); nearest-rank percentiles. */
public final class Stats {

    private final double[] sorted;

    public Stats(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    public double median() {
        return percentile(50);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }
}
