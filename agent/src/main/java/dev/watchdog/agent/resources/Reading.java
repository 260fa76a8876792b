package dev.watchdog.agent.resources;

import java.util.Locale;

/**
 * One resource figure and where it came from.
 *
 * @param percent 0..100, NaN when unknown
 * @param used    bytes in use for memory-like readings, else -1
 * @param limit   bytes of the limit the percentage is against, else -1
 * @param source  which source and limit the figure used, e.g. {@code cgroup v2 cpu.max 2 cpus}
 */
public record Reading(double percent, long used, long limit, String source) {

    public static Reading unknown(String why) {
        return new Reading(Double.NaN, -1, -1, why);
    }

    public static Reading ofPercent(double percent, String source) {
        return new Reading(percent, -1, -1, source);
    }

    /** {@code used/limit} as a percentage, clamped to 0..100. */
    public static Reading ofBytes(long used, long limit, String source) {
        if (limit <= 0 || used < 0) {
            return unknown(source);
        }
        return new Reading(Math.max(0, Math.min(100, 100.0 * used / limit)), used, limit, source);
    }

    public boolean known() {
        return !Double.isNaN(percent);
    }

    /** {@code 37% (cgroup v2 cpu.max 2 cpus)}, or {@code n/a (why)}. */
    @Override
    public String toString() {
        return (known() ? String.format(Locale.ROOT, "%.0f%%", percent) : "n/a") + " (" + source + ")";
    }

    /** A CPU count: {@code 2}, {@code 1.50}. */
    static String cpus(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }

    /** Bytes as a short human figure: {@code 512 MiB}. */
    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
