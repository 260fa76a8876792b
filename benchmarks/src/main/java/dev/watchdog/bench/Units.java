package dev.watchdog.bench;

import java.util.Locale;

/** Human figures for the report: nanoseconds in the unit that reads best, MiB, percent. */
public final class Units {

    private Units() {
    }

    public static String nanos(double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        double a = Math.abs(ns);
        if (a < 1_000) {
            return fmt(ns) + " ns";
        }
        if (a < 1_000_000) {
            return fmt(ns / 1_000) + " µs";
        }
        if (a < 1_000_000_000) {
            return fmt(ns / 1_000_000) + " ms";
        }
        return fmt(ns / 1_000_000_000) + " s";
    }

    public static String mib(double kib) {
        return fmt(kib / 1024) + " MiB";
    }

    public static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : fmt(r) + "×";
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f %%", fraction * 100);
    }

    /** Three significant digits, no exponent. */
    public static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
