package dev.watchdog.agent.resources;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A thread dump in the shape of {@code jstack}'s, from {@link ThreadMXBean#dumpAllThreads} with
 * locked monitors and synchronizers, plus each thread's CPU time (what a CPU overload asks first).
 * {@link ThreadInfo#toString()} is not used: it cuts every stack at 8 frames.
 */
final class ThreadDumps {

    private ThreadDumps() {
    }

    static String dump(String reason) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now())).append('\n');
        out.append("Full thread dump ").append(System.getProperty("java.vm.name")).append(" (")
                .append(System.getProperty("java.vm.version")).append("), pid ").append(ProcessHandle.current().pid())
                .append(", written by watchdog-agent: ").append(reason).append("\n\n");
        for (ThreadInfo t : threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported())) {
            if (t == null) {
                continue;
            }
            append(out, t, cpuTime ? threads.getThreadCpuTime(t.getThreadId()) : -1);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, ThreadInfo t, long cpuNanos) {
        out.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
                .append(t.isDaemon() ? " daemon" : "").append(" prio=").append(t.getPriority());
        if (cpuNanos >= 0) {
            out.append(" cpu=").append(cpuNanos / 1_000_000).append("ms");
        }
        out.append('\n').append("   java.lang.Thread.State: ").append(t.getThreadState());
        if (t.getLockName() != null) {
            out.append(" on ").append(t.getLockName());
        }
        if (t.getLockOwnerName() != null) {
            out.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
        }
        out.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            out.append("\tat ").append(frame(stack[i])).append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                String verb = t.getThreadState() == Thread.State.BLOCKED ? "waiting to lock"
                        : stack[0].getMethodName().equals("park") ? "parking to wait for" : "waiting on";
                out.append("\t- ").append(verb).append(' ').append(lock(t.getLockInfo())).append('\n');
            }
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    out.append("\t- locked ").append(lock(m)).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = t.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            out.append("\n   Locked ownable synchronizers:\n");
            for (LockInfo l : synchronizers) {
                out.append("\t- ").append(lock(l)).append('\n');
            }
        }
        out.append('\n');
    }

    /** {@code java.lang.Object.wait(java.base@17.0.15/Native Method)}, as jstack writes frames. */
    private static String frame(StackTraceElement e) {
        StringBuilder f = new StringBuilder(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.getModuleName() != null) {
            f.append(e.getModuleName());
            if (e.getModuleVersion() != null) {
                f.append('@').append(e.getModuleVersion());
            }
            f.append('/');
        }
        if (e.isNativeMethod()) {
            f.append("Native Method");
        } else if (e.getFileName() == null) {
            f.append("Unknown Source");
        } else {
            f.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                f.append(':').append(e.getLineNumber());
            }
        }
        return f.append(')').toString();
    }

    private static String lock(LockInfo l) {
        return "<0x" + Integer.toHexString(l.getIdentityHashCode()) + "> (a " + l.getClassName() + ")";
    }
}
