package dev.watchdog.agent.instrument;

import java.util.Locale;

/**
 * What installing the instrumentation cost: its wall and CPU time on the installing thread, the classes
 * the JVM had loaded by then, how many of them had a name some library could match (the only ones
 * described further: {@link NamePrefilter}) and how many were retransformed.
 */
public record InstallReport(long wallNanos, long cpuNanos, int loaded, long examined, long retransformed) {

    /** The log line's figures; the benchmarks read them from it. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f ms (%.1f ms CPU): %d classes loaded, %d examined, %d retransformed",
                wallNanos / 1e6, cpuNanos / 1e6, loaded, examined, retransformed);
    }
}
