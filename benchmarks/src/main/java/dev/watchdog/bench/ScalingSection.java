package dev.watchdog.bench;

import dev.watchdog.bench.probe.IdleApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 5: an idle application with N tcp targets at a 1 s interval against a few loopback
 * listeners, versus the same application with the agent and no target: CPU over a window and threads.
 */
public final class ScalingSection {

    private static final int LISTENERS = 4;

    private record Run(double cpuFractionOfCore, int maxThreads, int agentThreads) {
    }

    private ScalingSection() {
    }

    public static void run(Report r, Settings s) {
        List<Dependency> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < LISTENERS; i++) {
                listeners.add(Dependency.tcpListener());
            }
            Run none = measure(s, 0, listeners);
            Run many = measure(s, s.scalingTargets(), listeners);
            r.section("Health-check scaling (child JVM, /proc/<pid>/stat utime+stime)",
                    "An idle application with the agent: " + s.scalingTargets() + " targets `tcp://127.0.0.1:PORT` (interval 1 s,"
                            + " timeout 1 s) against " + LISTENERS + " loopback listeners, versus the same with no target."
                            + " CPU over a " + s.scalingWindowSeconds() + " s window after " + s.scalingWarmSeconds()
                            + " s of warm-up, as a share of one core. Threads: maximum sampled once a second.");
            double extra = many.cpuFractionOfCore() - none.cpuFractionOfCore();
            r.row("CPU, " + s.scalingTargets() + " targets minus no target", Units.fmt(extra * 100) + " % of one core",
                    "single run", Units.fmt(none.cpuFractionOfCore() * 100) + " % (no target)",
                    Units.ratio(many.cpuFractionOfCore() / none.cpuFractionOfCore()), "≤ 5 % of one core",
                    Report.verdict(extra <= 0.05));
            r.row("threads (whole JVM), " + s.scalingTargets() + " targets", String.valueOf(many.maxThreads()),
                    "watchdog-* threads: " + many.agentThreads(), none.maxThreads() + " (no target; watchdog-*: " + none.agentThreads() + ")",
                    Units.ratio((double) many.maxThreads() / none.maxThreads()), "bounded, independent of targets",
                    Report.verdict(many.agentThreads() <= 16));
            r.note(ProfileNotes.SCALING);
        } finally {
            listeners.forEach(Dependency::close);
        }
    }

    private static Run measure(Settings s, int targets, List<Dependency> listeners) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("watchdog.health.interval", "1s");
        config.put("watchdog.health.timeout", "1s");
        for (int i = 0; i < targets; i++) {
            config.put("watchdog.target.t" + i + ".check", "tcp://127.0.0.1:" + listeners.get(i % listeners.size()).port());
        }
        String agent = ProbeJvm.watchdogAgent(s.workDir(), "scaling-" + targets, ProbeJvm.installAtStart(config));
        int seconds = s.scalingWarmSeconds() + s.scalingWindowSeconds() + 30;
        try (ProbeJvm child = ProbeJvm.start(List.of(agent), IdleApp.class, String.valueOf(seconds))) {
            child.await("IDLE", 30_000);
            child.await("started", 30_000);
            sleep(s.scalingWarmSeconds() * 1000L);
            long pid = child.pid();
            long cpu0 = ProcStat.cpuNanos(pid);
            long t0 = System.nanoTime();
            int maxThreads = 0;
            for (int i = 0; i < s.scalingWindowSeconds(); i++) {
                sleep(1000);
                maxThreads = Math.max(maxThreads, ProcStat.threads(pid));
            }
            long cpu = ProcStat.cpuNanos(pid) - cpu0;
            long wall = System.nanoTime() - t0;
            int agentThreads = agentThreads(pid);
            Progress.say("scaling " + targets + " targets: cpu " + Units.nanos(cpu) + " over " + Units.nanos(wall)
                    + ", threads " + maxThreads + " (watchdog-* " + agentThreads + ")");
            return new Run((double) cpu / wall, maxThreads, agentThreads);
        }
    }

    /** Threads whose name starts with "watchdog-" (/proc/<pid>/task/<tid>/comm, truncated to 15 chars by Linux). */
    private static int agentThreads(long pid) {
        return ProcStat.threadCpuNanos(pid, "watchdog-").size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
