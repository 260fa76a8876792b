package dev.watchdog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke run: every benchmark section still runs end to end and writes its table. Tiny counts;
 * the numbers are meaningless and deliberately not asserted (the real ones come from run.sh).
 */
class BenchmarkSmokeTest {

    @Test
    void everySectionRunsAndWritesItsTable(@TempDir Path dir) throws Exception {
        boolean haveAgent;
        try {
            ProbeJvm.agentJar();
            haveAgent = true;
        } catch (IllegalStateException missing) {
            haveAgent = false;
        }
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(haveAgent, "agent/target/watchdog-agent.jar not built yet (run mvn package or verify): smoke run skipped");
        }
        System.setProperty("benchmarks.workdir", dir.resolve("work").toString());
        Path out = dir.resolve("BENCHMARKS.md");

        Report report = BenchmarkRunner.run(true, out, List.of("gate", "hooks", "rejection", "closed-path", "startup", "scaling", "detection", "bigapp"));

        String md = Files.readString(out);
        assertEquals(8, report.tables(), md);
        for (String heading : List.of("## Gate check alone", "## Client hooks' closed path", "## Rejection latency", "## Closed-path overhead",
                "## Startup and memory", "## Health-check scaling", "## Detection time", "## Big application")) {
            assertTrue(md.contains(heading), heading + " missing:\n" + md);
        }
        assertTrue(md.contains("watchdog: circuit open for"), "no call was rejected by the agent:\n" + md);
        assertTrue(md.contains("Runtime:"), md);
    }
}
