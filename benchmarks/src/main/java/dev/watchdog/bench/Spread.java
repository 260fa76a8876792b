package dev.watchdog.bench;

/** The spread column: p25–p75 when there are enough samples, else min–max; says which. */
public final class Spread {

    private Spread() {
    }

    public static String nanos(Stats s) {
        return s.count() >= 20
                ? Units.nanos(s.percentile(25)) + " – " + Units.nanos(s.percentile(75)) + " (p25–p75, n=" + s.count() + ")"
                : Units.nanos(s.min()) + " – " + Units.nanos(s.max()) + " (min–max, n=" + s.count() + ")";
    }

    public static String plain(Stats s, String unit) {
        return s.count() >= 20
                ? Units.fmt(s.percentile(25)) + " – " + Units.fmt(s.percentile(75)) + unit + " (p25–p75, n=" + s.count() + ")"
                : Units.fmt(s.min()) + " – " + Units.fmt(s.max()) + unit + " (min–max, n=" + s.count() + ")";
    }

    /** Sizes in KiB, shown in MiB. */
    public static String mib(Stats s) {
        return s.count() >= 20
                ? Units.mib(s.percentile(25)) + " – " + Units.mib(s.percentile(75)) + " (p25–p75, n=" + s.count() + ")"
                : Units.mib(s.min()) + " – " + Units.mib(s.max()) + " (min–max, n=" + s.count() + ")";
    }
}
