package dev.watchdog.agent.cli;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.CheckRunner;
import dev.watchdog.bootstrap.AgentThread;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
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
import java.util.stream.Stream;

/**
 * {@code check CONFIG [--strict] [--classpath PATH]}: every error and warning with key and line, then
 * every target's check once, in parallel, each cut off one second after its timeout. The agent jar
 * holds no JDBC driver: jdbc checks load theirs from PATH, in a class loader of their own.
 */
final class CheckCommand {

    private static final long GRACE_MILLIS = 1000;

    private CheckCommand() {
    }

    /**
     * @param driverPath where jdbc checks find their drivers: jars and directories separated by the
     *                   path separator, {@code dir/*} for every jar in dir; empty: none
     * @param pathSource what the path came from ({@code --classpath}, {@code CLASSPATH}), for its warnings
     */
    static int run(Path file, boolean strict, String driverPath, String pathSource, Map<String, String> env, PrintStream out) {
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
        boolean allUp;
        try (URLClassLoader drivers = driverLoader(targets, driverPath, pathSource, out)) {
            allUp = checkAll(targets, drivers, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (strict && !allUp) {
            out.println("--strict: not every target is UP");
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    /** Null when no jdbc check needs one; a missing entry is warned about and skipped, as java skips it. */
    private static URLClassLoader driverLoader(List<TargetConfig> targets, String path, String source, PrintStream out) {
        if (targets.stream().noneMatch(t -> t.kind() == CheckKind.JDBC)) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            boolean wildcard = entry.equals("*") || entry.endsWith(File.separator + "*");
            Path p = Path.of(wildcard ? entry.substring(0, entry.length() - 1) : entry).toAbsolutePath();
            if (!Files.exists(p)) {
                out.println("WARN  " + source + ": no such file or directory: " + entry);
            } else if (!wildcard) {
                urls.add(url(p));
            } else {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> urls.add(url(f)));
                } catch (IOException e) {
                    out.println("WARN  " + source + ": cannot list " + entry + ": " + e);
                }
            }
        }
        return new URLClassLoader("watchdog-check-drivers", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
        }
    }

    private static boolean checkAll(List<TargetConfig> targets, ClassLoader drivers, PrintStream out) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, targets.size()), task -> {
            Thread thread = new AgentThread(task, "watchdog-check");
            if (drivers != null) {
                thread.setContextClassLoader(drivers);   // drivers that load their plugins through it
            }
            return thread;
        });
        try {
            List<Future<CheckRunner.Result>> futures = new ArrayList<>();
            targets.forEach(t -> futures.add(pool.submit(() -> CheckRunner.runOnce(t, drivers))));
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
