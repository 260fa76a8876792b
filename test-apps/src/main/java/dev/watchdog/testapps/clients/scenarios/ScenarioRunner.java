package dev.watchdog.testapps.clients.scenarios;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.process.ChildJvm.Line;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs one application JVM through one scenario, with or without the agent, and measures the calls
 * of each kind begun inside the window. The application prints {@code BEGIN <kind>} as each call starts
 * ({@code -Dtestapps.calls.begin=true}) and {@code CALL ...} as it ends; a BEGIN without its CALL line
 * by the window's end (and a short grace for the line to arrive) is a call still waiting.
 */
public final class ScenarioRunner {

    /** What every run shares. */
    public record Options(Path agentJar, Duration window, Duration outage, long periodMs, Duration startup,
                          String classPath, Path workDir, Consumer<String> log) {
    }

    /** One run's measurements: each kind's calls, and what kept the run from meaning what it should (or empty). */
    public record Measured(Map<String, CallTimes> byKind, String note) {
    }

    /** The agent's health checks, as test-apps' WatchdogConfig.fast(): a change is seen within 800 ms. */
    static final long INTERVAL_MS = 500;
    static final long TIMEOUT_MS = 300;
    /** Lines arrive a little after their call: this long after the window a missing line means still waiting. */
    static final Duration GRACE = Duration.ofMillis(300);
    static final String TARGET = "dependency";
    private static final Pattern STARTED = Pattern.compile("^\\S+ watchdog INFO agent started\\b");
    private static final Pattern BEGIN = Pattern.compile("^BEGIN (\\S+)$");

    private final Options options;

    public ScenarioRunner(Options options) {
        this.options = options;
    }

    /** The proxy's backend for one run; closes what it started. */
    private static final class Backing implements AutoCloseable {
        final int port;
        final AutoCloseable server;

        Backing(int port, AutoCloseable server) {
            this.port = port;
            this.server = server;
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Whether the backend can be had here at all: a local server must be listening; null when it can, else why not. */
    public static String unavailable(ClientSpec.Backend backend) {
        if (backend instanceof ClientSpec.Backend.Local local) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(local.host(), local.port()), 500);
            } catch (IOException e) {
                return "no server at " + local.host() + ":" + local.port() + " (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static Backing start(ClientSpec.Backend backend) throws IOException {
        if (backend instanceof ClientSpec.Backend.JdkHttp) {
            SwitchableHttpServer server = SwitchableHttpServer.start();
            return new Backing(server.port(), server);
        }
        if (backend instanceof ClientSpec.Backend.H2c) {
            dev.watchdog.testapps.net.H2cServer server = dev.watchdog.testapps.net.H2cServer.start();
            return new Backing(server.port(), server);
        }
        if (backend instanceof ClientSpec.Backend.Grpc) {
            io.grpc.Server server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new io.grpc.protobuf.services.HealthStatusManager().getHealthService()).build().start();
            return new Backing(server.getPort(), () -> server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        }
        if (backend instanceof ClientSpec.Backend.Local local) {
            return new Backing(local.port(), null);
        }
        try (ServerSocket s = new ServerSocket(0)) {   // a port nobody listens on once closed
            return new Backing(s.getLocalPort(), null);
        }
    }

    public Measured run(ClientSpec.RunKey key, List<String> kinds, List<String> transportFlags, Scenario scenario,
                        boolean withAgent) throws Exception {
        try (Backing backing = start(key.backend());
             TcpProxy proxy = key.backend() instanceof ClientSpec.Backend.Local local
                     ? new TcpProxy(new InetSocketAddress(local.host(), local.port())) : new TcpProxy(backing.port)) {
            scenario.beforeStart(proxy);
            String hostPort = proxy.hostPort();
            long maxSeconds = options.startup().plus(options.outage()).plus(options.window()).toSeconds() + 20;
            ChildJvm.Builder builder = ChildJvm.builder(key.appClass()).classPath(options.classPath())
                    .jvmOption("-Dtestapps.calls.begin=true")
                    .args(String.format(key.targetFormat(), hostPort), options.periodMs(), maxSeconds, String.join(",", kinds));
            transportFlags.forEach(builder::jvmOption);
            if (withAgent) {
                builder.agent(options.agentJar(), writeConfig(String.format(key.checkFormat(), hostPort)));
            }
            String tag = "[" + scenario.cliName() + (withAgent ? " agent" : " no-agent") + "] ";
            builder.echo(line -> { }, line -> options.log().accept(tag + line));
            try (ChildJvm app = builder.start()) {
                return measure(app, proxy, kinds, scenario, withAgent);
            }
        }
    }

    private Measured measure(ChildJvm app, TcpProxy proxy, List<String> kinds, Scenario scenario, boolean withAgent)
            throws IOException {
        String note = "";
        long t0;
        if (scenario.needsWarm()) {
            long since = withAgent ? app.awaitLine(ChildJvm.Stream.STDERR, STARTED, options.startup()).nanos() : 0;
            List<String> cold = new ArrayList<>();
            for (String kind : kinds) {
                try {
                    app.awaitLine(ChildJvm.Stream.STDOUT, CallLine.okLine(kind), since, options.startup());
                } catch (IllegalStateException none) {
                    cold.add(kind);
                }
            }
            if (!cold.isEmpty()) {
                note = "never worked before the outage: " + String.join(", ", cold);
            }
            sleep(Duration.ofMillis(2 * INTERVAL_MS));   // past the agent's first checks: the steady state
            t0 = System.nanoTime();
            proxy.blackhole();
            if (scenario == Scenario.RECOVERY) {
                sleep(options.outage());
                t0 = System.nanoTime();
                proxy.forward();
            }
        } else {
            long since = withAgent ? app.awaitLine(ChildJvm.Stream.STDERR, STARTED, options.startup()).nanos() : 0;
            t0 = app.awaitLine(ChildJvm.Stream.STDOUT, BEGIN.asPredicate(), since, options.startup()).nanos();
        }
        long end = t0 + options.window().toNanos();
        sleep(Duration.ofNanos(end - System.nanoTime()).plus(GRACE));
        return new Measured(collect(app.stdout(), kinds, t0, end), note);
    }

    /** Pairs each call's end with its BEGIN line (the nearest one of its kind): calls begun in [t0, end). */
    Map<String, CallTimes> collect(List<Line> stdout, List<String> kinds, long t0, long end) {
        Map<String, List<Long>> begins = new LinkedHashMap<>();
        Map<String, List<CallLine>> ends = new LinkedHashMap<>();
        for (String kind : kinds) {
            begins.put(kind, new ArrayList<>());
            ends.put(kind, new ArrayList<>());
        }
        for (Line line : stdout) {
            java.util.regex.Matcher m = BEGIN.matcher(line.text());
            if (m.matches()) {
                Optional.ofNullable(begins.get(m.group(1))).ifPresent(l -> l.add(line.nanos()));
            } else {
                CallLine.parse(line).ifPresent(c -> Optional.ofNullable(ends.get(c.kind())).ifPresent(l -> l.add(c)));
            }
        }
        long tolerance = TimeUnit.MILLISECONDS.toNanos(Math.max(1, options.periodMs() / 2));
        Map<String, CallTimes> byKind = new LinkedHashMap<>();
        for (String kind : kinds) {
            List<Long> starts = begins.get(kind);
            boolean[] matched = new boolean[starts.size()];
            CallTimes times = new CallTimes();
            for (CallLine call : ends.get(kind)) {
                int best = -1;
                for (int i = 0; i < starts.size(); i++) {
                    long gap = Math.abs(starts.get(i) - call.startNanos());
                    if (!matched[i] && gap <= tolerance && (best < 0 || gap < Math.abs(starts.get(best) - call.startNanos()))) {
                        best = i;
                    }
                }
                if (best < 0) {
                    continue;   // a BEGIN line lost to the window's edges: judged by its own time below
                }
                matched[best] = true;
                long begun = starts.get(best);
                if (begun >= t0 && begun < end && call.endNanos() <= end + GRACE.toNanos()) {
                    times.finished(call.micros(), call.ok(), outcome(call), TimeUnit.NANOSECONDS.toMicros(call.endNanos() - t0));
                } else if (begun >= t0 && begun < end) {
                    times.pending();   // ended, but only after the window: it was still waiting when the window closed
                }
            }
            for (int i = 0; i < starts.size(); i++) {
                if (!matched[i] && starts.get(i) >= t0 && starts.get(i) < end) {
                    times.pending();
                }
            }
            byKind.put(kind, times);
        }
        return byKind;
    }

    private static String outcome(CallLine call) {
        if (call.ok()) {
            return "OK";
        }
        return call.exception() + (call.message().contains(CallLine.REJECTION_PREFIX) ? " (agent)" : "");
    }

    /** A fast configuration like test-apps' WatchdogConfig.fast(), socket fallback on (the agent's default). */
    private Path writeConfig(String check) throws IOException {
        String text = String.join("\n",
                "# written by ClientScenarios",
                "watchdog.health.interval=" + INTERVAL_MS + "ms",
                "watchdog.health.timeout=" + TIMEOUT_MS + "ms",
                "watchdog.health.unhealthy-threshold=1",
                "watchdog.health.healthy-threshold=1",
                "watchdog.resources.cpu-threshold=100",
                "watchdog.resources.sustain=1000",
                "watchdog.instrument.delay=0",
                "watchdog.target." + TARGET + ".check=" + check,
                "");
        Files.createDirectories(options.workDir());
        return Files.writeString(Files.createTempFile(options.workDir(), "watchdog-", ".properties"), text);
    }

    private static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
