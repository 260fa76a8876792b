package dev.watchdog.agent.cli;

import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.CheckRunner;
import dev.watchdog.bootstrap.AgentThread;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code check CONFIG [--strict]}: every error and warning with key and line, then every target's
 * check once, in parallel, each cut off one second after its timeout.
 */
final class CheckCommand {

    private static final long GRACE_MILLIS = 1000;

    private CheckCommand() {
    }

    static int run(Path file, boolean strict, Map<String, String> env, PrintStream out) {
        if (!Files.isRegularFile(file)) {
            out.println("error: no such file: " + file);
            return Cli.FAILED;
        }
        Properties sys = new Properties();
        sys.setProperty("user.dir", System.getProperty("user.dir"));
        ConfigResult result = ConfigLoader.load(file, null, env, sys);
        for (ConfigProblem e : result.errors()) {
            out.println("ERROR " + e);
        }
        for (ConfigProblem w : result.warnings()) {
            out.println("WARN  " + w);
        }
        if (!result.ok()) {
            out.println(result.path() + ": invalid (" + result.errors().size() + " error(s), "
                    + result.warnings().size() + " warning(s))");
            return Cli.FAILED;
        }
        List<TargetConfig> targets = result.config().targets();
        out.println(result.path() + ": valid (" + targets.size() + " target(s), " + result.warnings().size() + " warning(s))");
        if (targets.isEmpty()) {
            return Cli.OK;
        }
        boolean allUp = checkAll(targets, out);
        if (strict && !allUp) {
            out.println("--strict: not every target is UP");
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    private static boolean checkAll(List<TargetConfig> targets, PrintStream out) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, targets.size()),
                task -> new AgentThread(task, "watchdog-check"));
        try {
            List<Future<CheckRunner.Result>> futures = new ArrayList<>();
            targets.forEach(t -> futures.add(pool.submit(() -> CheckRunner.runOnce(t))));
            Table table = new Table("TARGET", "KIND", "HOSTS", "STATE", "LATENCY", "REASON");
            boolean allUp = true;
            for (int i = 0; i < targets.size(); i++) {
                TargetConfig t = targets.get(i);
                CheckRunner.Result r;
                try {
                    r = futures.get(i).get(t.timeout().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    r = new CheckRunner.Result(false, t.timeout(), "did not answer within its timeout");
                } catch (Exception e) {
                    r = new CheckRunner.Result(false, java.time.Duration.ZERO, e.toString());
                }
                allUp &= r.up();
                table.row(t.name(), t.kind().name().toLowerCase(Locale.ROOT), String.join(",", t.hosts()),
                        r.up() ? "UP" : "DOWN", String.format(Locale.ROOT, "%.1fms", r.latency().toNanos() / 1e6),
                        dev.watchdog.agent.hosts.Secrets.redact(r.reason()));
            }
            table.print(out);
            return allUp;
        } finally {
            pool.shutdownNow();
        }
    }
}
