package dev.watchdog.testapps.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A child {@code java} process, optionally with the agent attached, whose stdout and stderr lines
 * are collected separately, each with the parent's {@link System#nanoTime()} at arrival, so a
 * caller can wait for a line and measure how long after an event of its own it came.
 */
public final class ChildJvm implements AutoCloseable {

    /** One output line and when the parent received it ({@link System#nanoTime()}). */
    public record Line(long nanos, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Which stream a line came from. */
    public enum Stream { STDOUT, STDERR }

    private final Process process;
    private final List<String> command;
    private final List<Line> stdout = new ArrayList<>();
    private final List<Line> stderr = new ArrayList<>();
    private final Thread[] readers = new Thread[2];
    /** Guarded by this: streams read to their end. */
    private int streamsEnded;

    private ChildJvm(Process process, List<String> command, Consumer<String> stdoutEcho, Consumer<String> stderrEcho) {
        this.process = process;
        this.command = command;
        readers[0] = reader(process.getInputStream(), stdout, stdoutEcho, "stdout");
        readers[1] = reader(process.getErrorStream(), stderr, stderrEcho, "stderr");
    }

    public static Builder builder(String mainClass) {
        return new Builder(Objects.requireNonNull(mainClass), null);
    }

    /** A child started with {@code java -jar <jar>}: the jar's manifest names the main class and its class path. */
    public static Builder executableJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no executable jar at " + jar.toAbsolutePath());
        }
        return new Builder(null, jar.toAbsolutePath());
    }

    private Thread reader(InputStream in, List<Line> sink, Consumer<String> echo, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = r.readLine()) != null) {
                    Line line = new Line(System.nanoTime(), text);
                    synchronized (this) {
                        sink.add(line);
                        notifyAll();
                    }
                    echo.accept(text);
                }
            } catch (IOException e) {
                // the process went away
            }
            synchronized (this) {
                streamsEnded++;
                notifyAll(); // a waiter may now know no such line will ever come
            }
        }, "child-" + process.pid() + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    public synchronized List<Line> stdout() {
        return List.copyOf(stdout);
    }

    public synchronized List<Line> stderr() {
        return List.copyOf(stderr);
    }

    public List<Line> lines(Stream stream) {
        return stream == Stream.STDOUT ? stdout() : stderr();
    }

    /** The first line of {@code stream} received at or after {@code sinceNanos} that matches, waiting up to {@code timeout}. */
    public Line awaitLine(Stream stream, Predicate<String> matches, long sinceNanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Line> sink = stream == Stream.STDOUT ? stdout : stderr;
        synchronized (this) {
            int seen = 0;
            while (true) {
                for (; seen < sink.size(); seen++) {
                    Line line = sink.get(seen);
                    if (line.nanos() >= sinceNanos && matches.test(line.text())) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || finished()) {
                    throw new IllegalStateException("no " + stream + " line matching " + matches + " within " + timeout
                            + (finished() ? " (the child exited)" : "") + "\n" + describe());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for a line", e);
                }
            }
        }
    }

    public Line awaitLine(Stream stream, Pattern pattern, long sinceNanos, Duration timeout) {
        return awaitLine(stream, named(pattern), sinceNanos, timeout);
    }

    public Line awaitLine(Stream stream, Pattern pattern, Duration timeout) {
        return awaitLine(stream, pattern, 0, timeout);
    }

    /** A predicate whose toString is the pattern, for readable failures. */
    public static Predicate<String> named(Pattern pattern) {
        return new Predicate<>() {
            @Override
            public boolean test(String s) {
                return pattern.matcher(s).find();
            }

            @Override
            public String toString() {
                return "/" + pattern + "/";
            }
        };
    }

    /** Waits for the process to end and for both streams to be read to their end; the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("child did not exit within " + timeout + "\n" + describe());
        }
        for (Thread t : readers) {
            t.join(2_000);
        }
        return process.exitValue();
    }

    /** Both streams were read to their end: no more lines will come. Guarded by this. */
    private boolean finished() {
        return streamsEnded == 2;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The command and everything the child printed so far, for failure messages. */
    public synchronized String describe() {
        StringBuilder b = new StringBuilder("child ").append(process.pid()).append(": ").append(String.join(" ", command));
        b.append("\n--- stdout (").append(stdout.size()).append(" lines) ---\n");
        stdout.forEach(l -> b.append(l.text()).append('\n'));
        b.append("--- stderr (").append(stderr.size()).append(" lines) ---\n");
        stderr.forEach(l -> b.append(l.text()).append('\n'));
        return b.toString();
    }

    /** SIGKILL: the JVM ends without its shutdown hooks, as a crashed or OOM-killed instance does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }
    }

    /** How to start a child JVM. */
    public static final class Builder {
        /** Exactly one of these two is set. */
        private final String mainClass;
        private final Path jar;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private String classPath = System.getProperty("java.class.path");
        private String agentOption;
        private Consumer<String> stdoutEcho = line -> { };
        private Consumer<String> stderrEcho = line -> { };

        private Builder(String mainClass, Path jar) {
            this.mainClass = mainClass;
            this.jar = jar;
        }

        /** The JDK or JRE whose {@code bin/java} runs the child; default: the running one. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /** Ignored for an {@link #executableJar} child, whose class path is its manifest's. */
        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** Attaches the agent: {@code -javaagent:<abs jar>=config=<abs file>}. */
        public Builder agent(Path agentJar, Path config) {
            if (!Files.isRegularFile(agentJar)) {
                throw new IllegalStateException("agent jar " + agentJar.toAbsolutePath()
                        + " does not exist: build it first (mvn -B package -pl agent -am)");
            }
            this.agentOption = "-javaagent:" + agentJar.toAbsolutePath() + "=config=" + config.toAbsolutePath();
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** An environment variable of the child's (as a secret reaches the agent: {@code ${env:NAME}}). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder args(Object... values) {
            for (Object v : values) {
                args.add(String.valueOf(v));
            }
            return this;
        }

        /** Also hands every line to these, as it arrives (the demo streams them, prefixed). */
        public Builder echo(Consumer<String> stdout, Consumer<String> stderr) {
            this.stdoutEcho = stdout;
            this.stderrEcho = stderr;
            return this;
        }

        public ChildJvm start() throws IOException {
            Path java = javaHome.resolve("bin").resolve("java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("no java executable at " + java);
            }
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmOptions);
            if (agentOption != null) {
                command.add(agentOption);
            }
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                command.add("-cp");
                command.add(classPath);
                command.add(mainClass);
            }
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command);
            // the parent's JAVA_TOOL_OPTIONS would print "Picked up ..." on the child's stderr
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().putAll(environment);
            return new ChildJvm(pb.start(), List.copyOf(command), stdoutEcho, stderrEcho);
        }
    }
}
