package dev.watchdog.agent.instrument;

import java.util.Locale;

/**
 * What installing the instrumentation cost: its wall and CPU time on the installing thread, the classes
 * the JVM had loaded by then, how many of them had a name some library could match (the only ones
 * described further: {@link NamePrefilter}) and how many were retransformed; and the CPU time of its three
 * parts: building the hooks (ByteBuddy's matchers and advice), ByteBuddy's class file transformer (a class it
 * generates at run time on Java 9+, once per JVM), and retransforming the classes already loaded.
 */
public record InstallReport(long wallNanos, long cpuNanos, int loaded, long examined, long retransformed,
                            long buildCpuNanos, long transformerCpuNanos, long retransformCpuNanos) {

    /** The log line's figures; the benchmarks read them from it. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f ms (%.1f ms CPU): %d classes loaded, %d examined, %d retransformed;"
                        + " CPU: hooks built %.1f ms, ByteBuddy's transformer %.1f ms, retransformation %.1f ms",
                wallNanos / 1e6, cpuNanos / 1e6, loaded, examined, retransformed, buildCpuNanos / 1e6,
                transformerCpuNanos / 1e6, retransformCpuNanos / 1e6);
    }
}
