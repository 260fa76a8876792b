package dev.watchdog.agent.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code promtool check metrics} (Debian package {@code prometheus}, installed by {@code .ci/run}) on a
 * scrape: the format is judged by Prometheus' own linter. Absent, the check is skipped with a message,
 * except under CI=true, where it fails. The only promtool runner: the exposition format is the agent's
 * own, so only this module checks it.
 */
final class Promtool {

    private Promtool() {
    }

    static Path find() {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        if (found == null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("promtool is not on PATH, and CI=true requires it (apt-get install prometheus)");
        }
        Assumptions.assumeTrue(found != null, "promtool is not on PATH: the /metrics format check is skipped (apt-get install prometheus)");
        return found;
    }

    /** Fails with promtool's own words when it finds any problem, lint included. */
    static void assertValid(Path promtool, String scrape) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not end");
        }
        assertEquals(0, p.exitValue(), () -> "promtool check metrics:\n" + said + "\n--- scrape ---\n" + scrape);
    }
}
