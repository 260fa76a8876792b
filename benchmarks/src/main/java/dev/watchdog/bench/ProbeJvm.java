package dev.watchdog.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child JVM running one of the probe mains, with or without an agent. Every line it prints (stdout
 * and stderr) is time-stamped on arrival, so the parent can wait for a log line and time events.
 *
 * <p>Not test-apps' {@code ChildJvm}: a probe runs on this JVM's class path minus the agent and the
 * gate, takes commands on stdin and is timed from start to exit; depending on test-apps would also
 * put its client libraries on every probe's class path, and the startup section measures that.
 */
public final class ProbeJvm implements AutoCloseable {

    /** One line from the child, stamped with the parent's {@link System#nanoTime()} on arrival. */
    public record Line(String text, long nanos, boolean stderr) {
    }

    private final Process process;
    private final long startNanos;
    private final List<Line> all = new ArrayList<>();
    private int mark;

    private ProbeJvm(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        pump(process.getInputStream(), false);
        pump(process.getErrorStream(), true);
    }

    /** Starts {@code java <jvmArgs> -cp <probe class path> <main> <args>}. */
    public static ProbeJvm start(List<String> jvmArgs, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(probeClassPath());
        cmd.add(main.getName());
        Collections.addAll(cmd, args);
        return launch(cmd);
    }

    /** Starts {@code java <jvmArgs> -jar <jar> <args>}: an application of its own, not a probe. */
    public static ProbeJvm startJar(List<String> jvmArgs, Path jar, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return launch(cmd);
    }

    private static ProbeJvm launch(List<String> cmd) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).start();
            return new ProbeJvm(p, t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This JVM's class path without the agent (under a test runner the reactor puts it there; a copy on
     * the class path would shadow the jar given to -javaagent) and without the bootstrap module: with an
     * agent attached the gate must come from the bootstrap loader only, and the probes never touch it.
     */
    static String probeClassPath() {
        return filteredClassPath(true);
    }

    /** @param dropGate also drop the bootstrap module (the gate) */
    static String filteredClassPath(boolean dropGate) {
        return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
                .filter(e -> !isModule(e, "agent"))
                .filter(e -> !dropGate || !isModule(e, "bootstrap"))
                .filter(e -> !e.replace('\\', '/').contains("/spring-boot-jpa-app/target/"))   // the bigapp section's application
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static boolean isModule(String entry, String module) {
        String e = entry.replace('\\', '/');
        return e.contains("/watchdog-" + module + "-") || e.endsWith("/watchdog-" + module + ".jar")
                || e.contains("/" + module + "/target/classes");
    }

    private void pump(InputStream in, boolean stderr) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String s;
                while ((s = r.readLine()) != null) {
                    Line line = new Line(s, System.nanoTime(), stderr);
                    synchronized (all) {
                        all.add(line);
                        all.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the child died; its exit code tells
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a line containing {@code text} that arrived after the last {@link #mark()} (none: since start). */
    public Line await(String text, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (all) {
            int i = mark;
            while (true) {
                for (; i < all.size(); i++) {
                    if (all.get(i).text().contains(text)) {
                        return all.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no line containing '" + text + "' within " + timeoutMillis
                            + " ms; child alive=" + process.isAlive() + ", output:\n" + output());
                }
                try {
                    all.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Later {@link #await} calls only look at lines arriving from now on. */
    public void mark() {
        synchronized (all) {
            mark = all.size();
        }
    }

    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for exit; returns the wall time from start to exit in nanoseconds. */
    public long awaitExit(long timeoutMillis) {
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("child did not exit within " + timeoutMillis + " ms:\n" + output());
            }
            long wall = System.nanoTime() - startNanos;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("child exited with " + process.exitValue() + ":\n" + output());
            }
            return wall;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every line so far, in order of arrival. */
    public List<Line> lines() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startNanos() {
        return startNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        synchronized (all) {
            return all.stream().map(l -> (l.stderr() ? "err> " : "out> ") + l.text()).collect(Collectors.joining("\n"));
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent jar the reactor built: -Dbench.agent.jar, else agent/target/watchdog-agent.jar above the cwd. */
    public static Path agentJar() {
        return builtJar("bench.agent.jar", "agent/target/watchdog-agent.jar");
    }

    /** A jar the reactor built: -D{@code property}, else {@code relativePath} under the cwd or a parent of it. */
    static Path builtJar(String property, String relativePath) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve(relativePath);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(relativePath + " not found: build it (mvn -B -q package -DskipTests)"
                + " or pass -D" + property + "=...");
    }

    /**
     * The steady state: the instrumentation installed at start. (By default the agent waits 2 s or until a
     * breaker opens; the startup section measures that default and this.)
     */
    public static java.util.Map<String, String> installAtStart(java.util.Map<String, String> config) {
        config.put("watchdog.instrument.delay", "0");
        return config;
    }

    /** {@code -javaagent:<jar>=config=<file>} with the given properties written to a temp file. */
    public static String watchdogAgent(Path dir, String name, java.util.Map<String, String> config) {
        try {
            Path file = dir.resolve(name + ".properties");
            StringBuilder s = new StringBuilder();
            config.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            Files.writeString(file, s.toString());
            return "-javaagent:" + agentJar() + "=config=" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
