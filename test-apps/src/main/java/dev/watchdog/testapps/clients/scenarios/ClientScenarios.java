package dev.watchdog.testapps.clients.scenarios;

import dev.watchdog.testapps.clients.AmqpApp;
import dev.watchdog.testapps.clients.GrpcApp;
import dev.watchdog.testapps.clients.KafkaApp;
import dev.watchdog.testapps.clients.MongoApp;
import dev.watchdog.testapps.clients.NettyClientsApp;
import dev.watchdog.testapps.clients.RedisClientsApp;
import dev.watchdog.testapps.clients.scenarios.ClientSpec.Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The proof table: for each client, transport and scenario, the call times of each kind with the agent
 * (fast checks, socket fallback on, as users run it) and without it (the same JVM flags otherwise), behind
 * a {@link dev.watchdog.testapps.net.TcpProxy} that plays the outage. Prints a Markdown table.
 *
 * <p>Usage: {@code ClientScenarios [--out FILE] [--window SECONDS] [--outage SECONDS]
 * [--scenarios a,b] [--agent-jar PATH] [--quiet] [client...]} (default: every client of {@link #REGISTRY},
 * every scenario, an 8 s window). Run through {@code test-apps/client-scenarios.sh}.
 */
public final class ClientScenarios {

    /** Netty's two transports: epoll (its native jar is on the class path) and NIO. */
    private static final Map<String, List<String>> NETTY_TRANSPORTS = Map.of("epoll", List.of(),
            "nio", List.of("-Dio.netty.transport.noNative=true", "-Dreactor.netty.native=false"));

    /**
     * Every client of the table, one line each. Specs that differ only in name and kinds share one
     * application JVM per run. Backends: {@code Backend.jdkHttp()}, {@code Backend.local("127.0.0.1", 6379)}
     * (skipped with a note when nothing listens there), {@code Backend.dead()} (no server: only the
     * from-the-start scenarios). Transports: {@code .withTransports(Map.of("epoll", List.of(), "nio",
     * List.of("-D...")))}.
     */
    public static final List<ClientSpec> REGISTRY = List.of(
            ClientSpec.http("OkHttp 4", "okhttp-execute", "okhttp-enqueue"),
            ClientSpec.http("Apache HttpClient 4.5", "apache4"),
            ClientSpec.http("Apache HttpClient 5", "apache5", "apache5-async", "apache5-minimal"),
            ClientSpec.http2("Apache HttpClient 5 (HTTP/2 only)", "apache5-h2-minimal"),
            ClientSpec.http("Apache HttpAsyncClient 4.1", "apache4-async", "apache4-minimal"),
            ClientSpec.http("Elasticsearch RestClient", "es-rest", "es-rest-async"),
            ClientSpec.http("raw java.net.Socket (socket fallback only)", "socket"),
            ClientSpec.http("Netty, Reactor Netty, WebClient", NettyClientsApp.class, "netty-connect", "netty-keepalive",
                    "reactor-netty", "webclient").withTransports(NETTY_TRANSPORTS),
            ClientSpec.of("Lettuce 7", RedisClientsApp.class, Backend.local("127.0.0.1", 6379), "redis://%s",
                    "lettuce-sync", "lettuce-async", "lettuce-reactive", "lettuce-connect").withTransports(Map.of("epoll", List.of(),
                    "nio", List.of("-Dio.lettuce.core.epoll=false", "-Dio.netty.transport.noNative=true"))),
            ClientSpec.of("Jedis 7", RedisClientsApp.class, Backend.local("127.0.0.1", 6379), "redis://%s",
                    "jedis-pool", "jedis-client", "jedis-connect"),
            ClientSpec.of("gRPC-java 1.85", GrpcApp.class, Backend.grpc(), "grpc://%s", "blocking", "future", "async", "fresh")
                    .withTransports(Map.of("epoll", List.of(), "nio", List.of("-Dio.grpc.netty.shaded.io.netty.transport.noNative=true"))),
            ClientSpec.of("RabbitMQ amqp-client 5", AmqpApp.class, Backend.local("127.0.0.1", 5672), "amqp://guest:guest@%s",
                    "publish", "rpc", "get", "connect"),
            ClientSpec.of("MongoDB sync driver 5", MongoApp.class, Backend.dead(), "tcp://%s", "single"),
            ClientSpec.of("Kafka producer 4", KafkaApp.class, Backend.dead(), "tcp://%s", "send"));


    /** One row: a kind's calls in one scenario, with and without the agent. */
    public record Row(String client, String transport, Scenario scenario, String kind, CallTimes withAgent,
                      CallTimes withoutAgent, String note) {
    }

    private ClientScenarios() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Duration window = Duration.ofSeconds(8);
        Duration outage = Duration.ofSeconds(3);
        List<Scenario> scenarios = List.of(Scenario.values());
        Path agentJar = Path.of(System.getProperty("watchdog.agent.jar", "agent/target/watchdog-agent.jar"));
        boolean quiet = false;
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--window" -> window = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--outage" -> outage = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--scenarios" -> scenarios = Arrays.stream(args[++i].split(",")).map(Scenario::parse).toList();
                case "--agent-jar" -> agentJar = Path.of(args[++i]);
                case "--quiet" -> quiet = true;
                case "--help", "-h" -> {
                    System.out.println("usage: ClientScenarios [--out FILE] [--window SECONDS] [--outage SECONDS] "
                            + "[--scenarios " + Arrays.stream(Scenario.values()).map(Scenario::cliName).collect(Collectors.joining(","))
                            + "] [--agent-jar PATH] [--quiet] [client...]\nclients: "
                            + REGISTRY.stream().map(ClientSpec::client).collect(Collectors.joining(" | ")));
                    return;
                }
                default -> clients.add(args[i]);
            }
        }
        List<ClientSpec> specs = select(clients);
        boolean verbose = !quiet;
        ScenarioRunner.Options options = new ScenarioRunner.Options(agentJar.toAbsolutePath(), window, outage, 100,
                Duration.ofSeconds(60), System.getProperty("java.class.path"), Files.createTempDirectory("client-scenarios"),
                line -> {
                    if (verbose) {
                        System.err.println(line);
                    }
                });
        List<Row> rows = run(specs, scenarios, options, System.err::println);
        String table = table(rows, window);
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
            System.err.println("table written to " + out.toAbsolutePath());
        }
    }

    /** The specs named (by client name, case-insensitive, or a part of it), or all. */
    static List<ClientSpec> select(List<String> names) {
        if (names.isEmpty()) {
            return REGISTRY;
        }
        List<ClientSpec> chosen = new ArrayList<>();
        for (String name : names) {
            List<ClientSpec> match = REGISTRY.stream().filter(s -> s.client().equalsIgnoreCase(name)).toList();
            if (match.isEmpty()) {
                match = REGISTRY.stream().filter(s -> s.client().toLowerCase().contains(name.toLowerCase())
                        || s.kinds().contains(name)).toList();
            }
            if (match.isEmpty()) {
                throw new IllegalArgumentException("no client " + name + " among "
                        + REGISTRY.stream().map(ClientSpec::client).toList());
            }
            match.stream().filter(s -> !chosen.contains(s)).forEach(chosen::add);
        }
        return chosen;
    }

    /** Runs every scenario of every spec, with and without the agent; specs sharing a run key share each JVM. */
    public static List<Row> run(List<ClientSpec> specs, List<Scenario> scenarios, ScenarioRunner.Options options,
                                java.util.function.Consumer<String> progress) throws Exception {
        Map<ClientSpec.RunKey, List<ClientSpec>> groups = new LinkedHashMap<>();
        specs.forEach(s -> groups.computeIfAbsent(s.runKey(), k -> new ArrayList<>()).add(s));
        ScenarioRunner runner = new ScenarioRunner(options);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<ClientSpec.RunKey, List<ClientSpec>> group : groups.entrySet()) {
            ClientSpec.RunKey key = group.getKey();
            List<String> kinds = group.getValue().stream().flatMap(s -> s.kinds().stream()).distinct().toList();
            Map<String, String> clientOf = new LinkedHashMap<>();
            group.getValue().forEach(s -> s.kinds().forEach(k -> clientOf.putIfAbsent(k, s.client())));
            String unavailable = ScenarioRunner.unavailable(key.backend());
            for (Map.Entry<String, List<String>> transport : key.transports().entrySet()) {
                for (Scenario scenario : scenarios) {
                    if (unavailable != null || (scenario.needsWarm() && !key.backend().canWarm())) {
                        String why = unavailable != null ? unavailable : "no server to warm up against";
                        kinds.forEach(k -> rows.add(new Row(clientOf.get(k), transport.getKey(), scenario, k,
                                new CallTimes(), new CallTimes(), "skipped: " + why)));
                        continue;
                    }
                    progress.accept(Instant.now() + " " + String.join(",", clientOf.values().stream().distinct().toList())
                            + " [" + transport.getKey() + "] " + scenario.label() + ": with the agent");
                    ScenarioRunner.Measured with = runOrNote(runner, key, kinds, transport.getValue(), scenario, true, progress);
                    progress.accept(Instant.now() + " ... and without it");
                    ScenarioRunner.Measured without = runOrNote(runner, key, kinds, transport.getValue(), scenario, false, progress);
                    for (String kind : kinds) {
                        rows.add(new Row(clientOf.get(kind), transport.getKey(), scenario, kind, with.byKind().get(kind),
                                without.byKind().get(kind), note(scenario, with, without, kind)));
                    }
                }
            }
        }
        return rows;
    }

    /** One run; a run that breaks (the application never started, never called) is a note in its rows, not the end of the table. */
    private static ScenarioRunner.Measured runOrNote(ScenarioRunner runner, ClientSpec.RunKey key, List<String> kinds,
                                                     List<String> flags, Scenario scenario, boolean withAgent,
                                                     java.util.function.Consumer<String> progress) throws InterruptedException {
        try {
            return runner.run(key, kinds, flags, scenario, withAgent);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            progress.accept("run failed: " + e.getClass().getSimpleName() + ": " + first);
            Map<String, CallTimes> none = new LinkedHashMap<>();
            kinds.forEach(k -> none.put(k, new CallTimes()));
            return new ScenarioRunner.Measured(none, "run failed: " + e.getClass().getSimpleName() + ": " + first);
        }
    }

    private static String note(Scenario scenario, ScenarioRunner.Measured with, ScenarioRunner.Measured without, String kind) {
        List<String> parts = new ArrayList<>();
        CallTimes w = with.byKind().get(kind);
        CallTimes wo = without.byKind().get(kind);
        if (scenario == Scenario.RECOVERY) {
            parts.add("first OK after the restore: " + firstOk(w) + " with, " + firstOk(wo) + " without");
        }
        parts.add("with: " + outcomes(w));
        parts.add("without: " + outcomes(wo));
        if (!with.note().isEmpty()) {
            parts.add("with: " + with.note());
        }
        if (!without.note().isEmpty()) {
            parts.add("without: " + without.note());
        }
        return String.join("; ", parts);
    }

    private static String firstOk(CallTimes t) {
        return t.firstOkMicros() < 0 ? "none" : CallTimes.format(t.firstOkMicros());
    }

    private static String outcomes(CallTimes t) {
        return t.outcomes().entrySet().stream().map(e -> e.getValue() + "× " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The Markdown table. */
    public static String table(List<Row> rows, Duration window) {
        StringBuilder b = new StringBuilder();
        b.append("Call times of the calls begun in each scenario's ").append(CallTimes.seconds(window))
                .append(" window (a call still waiting when it ends counts as longer than the window).\n\n");
        b.append("| client | transport | scenario | kind | with agent: median | with agent: max | without agent: median "
                + "| without agent: max | n (with / without) | outcomes |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.client()).append(" | ").append(r.transport()).append(" | ").append(r.scenario().label())
                    .append(" | ").append(r.kind()).append(" | ");
            if (r.note().startsWith("skipped")) {
                b.append("– | – | – | – | – | ").append(r.note()).append(" |\n");
                continue;
            }
            b.append(r.withAgent().median(window)).append(" | ").append(r.withAgent().max(window)).append(" | ")
                    .append(r.withoutAgent().median(window)).append(" | ").append(r.withoutAgent().max(window)).append(" | ")
                    .append(r.withAgent().n()).append(" / ").append(r.withoutAgent().n()).append(" | ")
                    .append(r.note()).append(" |\n");
        }
        return b.toString();
    }

    /** Writes the table (for callers that already have rows). */
    public static void write(Path out, List<Row> rows, Duration window) throws IOException {
        Files.writeString(out, table(rows, window));
    }
}
