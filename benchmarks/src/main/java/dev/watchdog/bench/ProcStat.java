package dev.watchdog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and thread count from /proc (Linux). */
public final class ProcStat {

    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcStat() {
    }

    /** utime + stime of the process, in nanoseconds. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "stat")).get(0);   // not readString: procfs sizes lie
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of proc(5)
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;   // the Linux default
        }
    }
}
