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
            return cpuNanos(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** utime + stime of a process's or a thread's stat file, in nanoseconds. */
    private static long cpuNanos(Path statFile) throws IOException {
        String stat = Files.readAllLines(statFile).get(0);   // not readString: procfs sizes lie
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of proc(5)
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /**
     * The live threads whose name starts with {@code prefix} (/proc/<pid>/task/<tid>/comm, which Linux truncates to
     * 15 characters): utime + stime of each, in nanoseconds, by thread id. Threads that already ended are not there
     * (their time stays in the process's {@link #cpuNanos(long)}); sample while they live to keep theirs.
     */
    public static java.util.Map<String, Long> threadCpuNanos(long pid, String prefix) {
        java.util.Map<String, Long> cpu = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readAllLines(t.resolve("comm")).get(0).startsWith(prefix)) {
                        cpu.put(t.getFileName().toString(), cpuNanos(t.resolve("stat")));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return cpu;
    }

    /** A {@code /proc/<pid>/status} size field in KiB ({@code VmRSS}, {@code VmHWM}, ...); -1 if absent. */
    public static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
            return -1;
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
