package dev.watchdog.agent.resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The container limits and usage of this process's cgroup, read from the files the kernel exposes
 * (oshi 6.x only knows the host). cgroup v2 ({@code memory.max}, {@code memory.current},
 * {@code cpu.max}, {@code cpu.stat}) or v1 ({@code memory.limit_in_bytes}, {@code memory.usage_in_bytes},
 * {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us}, {@code cpuacct.usage}). A limit set on a parent
 * cgroup applies too, so the directory with the smallest limit between the process's cgroup and the
 * mount is the one read. Every value is read again at each sample: limits can change at run time.
 * Only used on the watcher's thread (NIO file system).
 */
final class Cgroup {

    /** v1 reports "no limit" as a huge page-aligned number. */
    private static final long V1_UNLIMITED = 1L << 60;

    private final String version;
    private final Path memoryDir;
    private final Path cpuDir;
    private final Path cpuUsageDir;

    private Cgroup(String version, Path memoryDir, Path cpuDir, Path cpuUsageDir) {
        this.version = version;
        this.memoryDir = memoryDir;
        this.cpuDir = cpuDir;
        this.cpuUsageDir = cpuUsageDir;
    }

    /** This process's cgroup, or null when there is none to read (not Linux, nothing mounted). */
    static Cgroup detect() {
        return detect(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
    }

    /** @param procSelfCgroup the {@code /proc/self/cgroup} file; @param root where cgroups are mounted */
    static Cgroup detect(Path procSelfCgroup, Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String v2Path = null;
        String memoryController = null;
        String memoryPath = null;
        String cpuController = null;
        String cpuPath = null;
        String cpuacctController = null;
        String cpuacctPath = null;
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
                continue;
            }
            for (String controller : parts[1].split(",")) {
                switch (controller) {
                    case "memory" -> {
                        memoryController = parts[1];
                        memoryPath = parts[2];
                    }
                    case "cpu" -> {
                        cpuController = parts[1];
                        cpuPath = parts[2];
                    }
                    case "cpuacct" -> {
                        cpuacctController = parts[1];
                        cpuacctPath = parts[2];
                    }
                    default -> {
                    }
                }
            }
        }
        // a hybrid host lists "0::/" next to v1 controllers, with no v2 controllers at the root: v1 wins there
        if (v2Path != null && Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            Path own = own(root, v2Path);
            return new Cgroup("v2", smallest(own, root, Cgroup::v2Memory), smallest(own, root, Cgroup::v2Cpus), null);
        }
        if (memoryController == null && cpuController == null) {
            return null;
        }
        Path memMount = mount(root, memoryController, "memory");
        Path memOwn = memMount == null ? null : own(memMount, memoryPath);
        Path cpuMount = mount(root, cpuController, "cpu");
        Path cpuOwn = cpuMount == null ? null : own(cpuMount, cpuPath);
        Path acctMount = mount(root, cpuacctController, "cpuacct");
        return new Cgroup("v1", memOwn == null ? null : smallest(memOwn, memMount, Cgroup::v1Memory),
                cpuOwn == null ? null : smallest(cpuOwn, cpuMount, Cgroup::v1Cpus),
                acctMount == null ? null : own(acctMount, cpuacctPath));
    }

    String version() {
        return version;
    }

    /** Bytes, or -1 when unlimited or unreadable. */
    long memoryLimit() {
        return memoryDir == null ? -1 : version.equals("v2") ? v2Memory(memoryDir) : v1Memory(memoryDir);
    }

    /** Bytes in use without inactive page cache (as {@code docker stats} counts), or -1. */
    long memoryUsage() {
        if (memoryDir == null) {
            return -1;
        }
        long usage = number(memoryDir.resolve(version.equals("v2") ? "memory.current" : "memory.usage_in_bytes"));
        if (usage < 0) {
            return -1;
        }
        long inactive = stat(memoryDir.resolve("memory.stat"), version.equals("v2") ? "inactive_file" : "total_inactive_file");
        return inactive > 0 && inactive < usage ? usage - inactive : usage;
    }

    /** CPUs the quota allows ({@code 1.5}), or NaN when unlimited or unreadable. */
    double cpuLimit() {
        return cpuDir == null ? Double.NaN : version.equals("v2") ? v2Cpus(cpuDir) : v1Cpus(cpuDir);
    }

    /** CPU time used by the cgroup in nanoseconds, cumulative; -1 when unreadable. */
    long cpuUsageNanos() {
        if (version.equals("v2")) {
            long usec = cpuDir == null ? -1 : stat(cpuDir.resolve("cpu.stat"), "usage_usec");
            return usec < 0 ? -1 : usec * 1000;
        }
        return cpuUsageDir == null ? -1 : number(cpuUsageDir.resolve("cpuacct.usage"));
    }

    /** {@code cgroup v2 memory.max 512 MiB}. */
    String memorySource() {
        return "cgroup " + version + (version.equals("v2") ? " memory.max " : " memory.limit_in_bytes ") + Reading.bytes(memoryLimit());
    }

    /** {@code cgroup v2 cpu.max 2 cpus}. */
    String cpuSource(double cpus) {
        return "cgroup " + version + (version.equals("v2") ? " cpu.max " : " cpu.cfs_quota_us ") + Reading.cpus(cpus) + " cpus";
    }

    private static long v2Memory(Path dir) {
        return number(dir.resolve("memory.max"));
    }

    private static long v1Memory(Path dir) {
        long limit = number(dir.resolve("memory.limit_in_bytes"));
        return limit >= V1_UNLIMITED ? -1 : limit;
    }

    private static double v2Cpus(Path dir) {
        String line = firstLine(dir.resolve("cpu.max"));
        if (line == null) {
            return Double.NaN;
        }
        String[] parts = line.trim().split("\\s+");
        long quota = parse(parts[0]);
        long period = parts.length > 1 ? parse(parts[1]) : 100_000;
        return quota > 0 && period > 0 ? (double) quota / period : Double.NaN;
    }

    private static double v1Cpus(Path dir) {
        long quota = number(dir.resolve("cpu.cfs_quota_us"));
        long period = number(dir.resolve("cpu.cfs_period_us"));
        return quota > 0 && period > 0 ? (double) quota / period : Double.NaN;
    }

    /** A limit read from one directory: -1 or NaN meaning none. */
    private interface Limit {
        double of(Path dir);
    }

    /** The directory between {@code own} and {@code mount} whose limit is smallest; {@code own} when none limits. */
    private static Path smallest(Path own, Path mount, Limit limit) {
        Path best = own;
        double bestValue = Double.MAX_VALUE;
        for (Path dir = own; dir != null && dir.startsWith(mount); dir = dir.getParent()) {
            double v = limit.of(dir);
            if (v > 0 && v < bestValue) {
                best = dir;
                bestValue = v;
            }
        }
        return best;
    }

    /** The cgroup's directory; the mount itself when the path is not visible there (a container without a cgroup namespace). */
    private static Path own(Path mount, String cgroupPath) {
        String relative = cgroupPath == null ? "" : cgroupPath.replaceFirst("^/+", "");
        Path dir = relative.isEmpty() ? mount : mount.resolve(relative).normalize();
        return dir.startsWith(mount) && Files.isDirectory(dir) ? dir : mount;
    }

    /** v1 mounts a controller at its joined name ({@code cpu,cpuacct}) or at its own name. */
    private static Path mount(Path root, String joined, String name) {
        if (joined == null) {
            return null;
        }
        for (Path candidate : List.of(root.resolve(joined), root.resolve(name))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A file holding one number, or {@code max}; -1 for max, absent or unreadable. */
    private static long number(Path file) {
        String line = firstLine(file);
        return line == null ? -1 : parse(line.trim());
    }

    /** The value of {@code key} in a {@code key value} per line file, or -1. */
    private static long stat(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key + " ")) {
                    return parse(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // absent: unknown
        }
        return -1;
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : lines.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1; // "max" and anything unexpected: no limit, unknown
        }
    }
}
