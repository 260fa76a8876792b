package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cgroup layouts written as the kernel shows them. */
class CgroupTest {

    @TempDir
    Path tmp;

    private Path write(String relative, String content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void v2ReadsLimitsUsageAndCpuTime() throws IOException {
        Path proc = write("proc/self/cgroup", "0::/kubepods/pod1\n");
        write("sys/cgroup.controllers", "cpu memory\n");
        write("sys/kubepods/pod1/memory.max", "536870912\n");
        write("sys/kubepods/pod1/memory.current", "300000000\n");
        write("sys/kubepods/pod1/memory.stat", "anon 1\ninactive_file 31544320\nactive_file 2\n");
        write("sys/kubepods/pod1/cpu.max", "200000 100000\n");
        write("sys/kubepods/pod1/cpu.stat", "usage_usec 5000000\nuser_usec 4000000\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertNotNull(c);
        assertEquals("v2", c.version());
        assertEquals(536870912L, c.memoryLimit());
        assertEquals(300000000L - 31544320L, c.memoryUsage());
        assertEquals(2.0, c.cpuLimit());
        assertEquals(5_000_000_000L, c.cpuUsageNanos());
        assertEquals("cgroup v2 memory.max 512 MiB", c.memorySource());
        assertEquals("cgroup v2 cpu.max 2 cpus", c.cpuSource(c.cpuLimit()));
    }

    @Test
    void v2MaxMeansUnlimited() throws IOException {
        Path proc = write("proc/self/cgroup", "0::/\n");
        write("sys/cgroup.controllers", "cpu memory\n");
        write("sys/memory.max", "max\n");
        write("sys/memory.current", "1000\n");
        write("sys/cpu.max", "max 100000\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertEquals(-1, c.memoryLimit());
        assertTrue(Double.isNaN(c.cpuLimit()));
        assertEquals(1000, c.memoryUsage());
        assertEquals(-1, c.cpuUsageNanos(), "no cpu.stat: unknown");
    }

    @Test
    void v2LimitOnAParentApplies() throws IOException {
        Path proc = write("proc/self/cgroup", "0::/app/worker\n");
        write("sys/cgroup.controllers", "cpu memory\n");
        write("sys/app/memory.max", "1073741824\n");
        write("sys/app/memory.current", "600000000\n");
        write("sys/app/cpu.max", "50000 100000\n");
        write("sys/app/worker/memory.max", "max\n");
        write("sys/app/worker/memory.current", "10\n");
        write("sys/app/worker/cpu.max", "max 100000\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertEquals(1073741824L, c.memoryLimit());
        assertEquals(600000000L, c.memoryUsage(), "usage of the limited cgroup");
        assertEquals(0.5, c.cpuLimit());
        assertEquals("cgroup v2 cpu.max 0.50 cpus", c.cpuSource(c.cpuLimit()));
    }

    @Test
    void v2PathNotVisibleFallsBackToTheMount() throws IOException {
        // a container without a cgroup namespace sees the host's path but has its own cgroup mounted at the root
        Path proc = write("proc/self/cgroup", "0::/system.slice/docker-abc.scope\n");
        write("sys/cgroup.controllers", "cpu memory\n");
        write("sys/memory.max", "268435456\n");
        write("sys/memory.current", "134217728\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertEquals(268435456L, c.memoryLimit());
        assertEquals(134217728L, c.memoryUsage());
    }

    @Test
    void v1ReadsSeparateControllers() throws IOException {
        Path proc = write("proc/self/cgroup", "12:memory:/docker/abc\n5:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n");
        write("sys/memory/docker/abc/memory.limit_in_bytes", "1073741824\n");
        write("sys/memory/docker/abc/memory.usage_in_bytes", "500000000\n");
        write("sys/memory/docker/abc/memory.stat", "cache 5\ntotal_inactive_file 100000000\n");
        write("sys/cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "150000\n");
        write("sys/cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n");
        write("sys/cpu,cpuacct/docker/abc/cpuacct.usage", "123456789\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertEquals("v1", c.version(), "no cgroup.controllers at the root: the 0:: line of a hybrid host is ignored");
        assertEquals(1073741824L, c.memoryLimit());
        assertEquals(400000000L, c.memoryUsage());
        assertEquals(1.5, c.cpuLimit());
        assertEquals(123456789L, c.cpuUsageNanos());
        assertEquals("cgroup v1 memory.limit_in_bytes 1 GiB", c.memorySource());
        assertEquals("cgroup v1 cpu.cfs_quota_us 1.50 cpus", c.cpuSource(c.cpuLimit()));
    }

    @Test
    void v1UnlimitedValues() throws IOException {
        Path proc = write("proc/self/cgroup", "4:memory:/\n2:cpuacct:/\n1:cpu:/\n");
        write("sys/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/memory/memory.usage_in_bytes", "3228352512\n");
        write("sys/cpu/cpu.cfs_quota_us", "-1\n");
        write("sys/cpu/cpu.cfs_period_us", "100000\n");
        write("sys/cpuacct/cpuacct.usage", "700008547396\n");
        Cgroup c = Cgroup.detect(proc, tmp.resolve("sys"));
        assertEquals(-1, c.memoryLimit());
        assertTrue(Double.isNaN(c.cpuLimit()));
        assertEquals(700008547396L, c.cpuUsageNanos());
    }

    @Test
    void noCgroupFile() {
        assertNull(Cgroup.detect(tmp.resolve("absent"), tmp));
    }

    @Test
    void thisMachineDoesNotThrow() {
        Cgroup c = Cgroup.detect();
        if (c != null) {
            c.memoryLimit();
            c.memoryUsage();
            c.cpuLimit();
            c.cpuUsageNanos();
        }
    }
}
