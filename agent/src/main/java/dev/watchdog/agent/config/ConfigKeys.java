package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key table: every key the agent reads, its type, default, one-line doc and whether a hot reload
 * applies it ({@link #live}) or it waits for a restart ({@link #atRestart}). New keys are new rows here;
 * the loader, the environment mapping, suggestions, the reload's summary and {@link #describe()} follow.
 */
public final class ConfigKeys {

    public static final String PREFIX = "watchdog.";
    public static final String TARGET_PREFIX = "watchdog.target.";
    /** Where the file is; read as a system property or agent argument, never from the file itself. */
    public static final String CONFIG = "watchdog.config";

    public static final ConfigKey<Duration> HEALTH_INTERVAL = live("watchdog.health.interval",
            ValueType.POSITIVE_DURATION, "5s", "how often each target is checked");
    public static final ConfigKey<Duration> HEALTH_TIMEOUT = live("watchdog.health.timeout",
            ValueType.POSITIVE_DURATION, "1s", "a check slower than this has failed");
    public static final ConfigKey<Integer> UNHEALTHY_THRESHOLD = live("watchdog.health.unhealthy-threshold",
            ValueType.AT_LEAST_ONE, "2", "consecutive failures before a target is DOWN; a failure while the application's own calls to the host succeed within the timeout does not count");
    public static final ConfigKey<Integer> HEALTHY_THRESHOLD = live("watchdog.health.healthy-threshold",
            ValueType.AT_LEAST_ONE, "1", "consecutive successes before a DOWN target is UP again");
    public static final ConfigKey<Duration> HEALTH_UNHEALTHY_INTERVAL = live("watchdog.health.unhealthy-interval",
            ValueType.OPTIONAL_DURATION, "", "how often a DOWN target, or one whose last check failed, is checked; empty: the interval, at most 500ms");
    public static final ConfigKey<Integer> HEALTH_JITTER = live("watchdog.health.jitter",
            ValueType.PERCENT, "10%", "each check's delay is spread randomly by up to this part of the interval");
    public static final ConfigKey<String> HEALTH_DISCOVER = live("watchdog.health.discover",
            ValueType.oneOf("auto", "true", "false"), "auto",
            "hosts the application calls become implicit tcp:// targets; auto: only when no target is configured");
    public static final ConfigKey<Integer> HEALTH_DISCOVER_MAX = live("watchdog.health.discover.max",
            ValueType.atLeast(0), "64", "at most this many discovered targets");
    public static final ConfigKey<List<String>> FILES_WATCH = live("watchdog.files.watch",
            ValueType.PATH_LIST, "", "files whose changes are reported (SHA-256); the agent's own file is always watched");
    public static final ConfigKey<Duration> FILES_INTERVAL = live("watchdog.files.interval",
            ValueType.POSITIVE_DURATION, "10s", "how often watched files are read");
    public static final ConfigKey<Long> FILES_MAX_SIZE = live("watchdog.files.max-size",
            ValueType.SIZE, "10MB", "a watched file larger than this is reported, not read");
    public static final ConfigKey<Boolean> JDBC_ENABLED = atRestart("watchdog.jdbc.enabled",
            ValueType.BOOLEAN, "true", "fail JDBC connections to DOWN hosts fast");
    public static final ConfigKey<Boolean> HTTP_ENABLED = atRestart("watchdog.http.enabled",
            ValueType.BOOLEAN, "true", "fail HTTP calls to DOWN hosts fast");
    public static final ConfigKey<String> LOG_LEVEL = atRestart("watchdog.log.level",
            ValueType.oneOf("trace", "debug", "info", "warn", "error", "off"), "info", "the agent's log level");
    public static final ConfigKey<String> LOG_FILE = atRestart("watchdog.log.file",
            ValueType.TEXT, "", "the agent's log file; empty: stderr");
    // ---- log file and format (operate; one block, keep it together) ----
    public static final ConfigKey<Long> LOG_MAX_SIZE = live("watchdog.log.max-size",
            ValueType.SIZE, "10MB", "the log file is rotated (file.1, file.2, ...) before it grows past this");
    public static final ConfigKey<Integer> LOG_KEEP = live("watchdog.log.keep",
            ValueType.atLeast(0), "5", "rotated log files kept; the oldest is deleted");
    public static final ConfigKey<String> LOG_FORMAT = live("watchdog.log.format",
            ValueType.oneOf("text", "json"), "text",
            "text: TIME watchdog LEVEL component message lines; json: one object per line (time, level, component, message)");
    public static final ConfigKey<String> LOG_TIME = live("watchdog.log.time",
            ValueType.oneOf("utc", "off"), "utc",
            "utc: text lines start with their time, ISO-8601 UTC with milliseconds (2026-12-02T07:15:03.123Z); "
                    + "off: no time (a collector adds its own); json lines always have their time field");
    // ---- end log file and format ----

    // ---- client coverage (mode, socket fallback) ----
    public static final ConfigKey<String> MODE = live("watchdog.mode",
            ValueType.oneOf("enforce", "observe"), "enforce",
            "enforce: calls to open hosts fail fast; observe: breakers run, calls go through, would-be rejections are counted and logged");
    public static final ConfigKey<Boolean> SOCKET_ENABLED = atRestart("watchdog.socket.enabled",
            ValueType.BOOLEAN, "true", "refuse raw TCP connects (java.net.Socket, NIO SocketChannel) to open hosts: any other client");
    public static final ConfigKey<Boolean> CLIENTS_ENABLED = atRestart("watchdog.clients.enabled",
            ValueType.BOOLEAN, "true", "fail Netty (Reactor Netty, WebClient), Redis, gRPC, RabbitMQ, MongoDB and Kafka client calls to DOWN hosts fast");
    public static final ConfigKey<Boolean> RELEASE_WAITING = live("watchdog.breaker.release-waiting",
            ValueType.BOOLEAN, "true", "when a breaker opens on evidence, shut down the application's connections to that host "
                    + "(Linux), so calls already blocked on them end at once with their client's connection error, and end the waits in pools for it");
    public static final ConfigKey<Duration> INSTRUMENT_DELAY = atRestart("watchdog.instrument.delay",
            ValueType.DURATION, "2s",
            "how long after start the instrumentation is installed at the earliest, then once the application's class "
                    + "loading settles (at most 30 s after start; at once when a breaker opens, with discovery or passive "
                    + "detection, or when attached): the application starts without ByteBuddy's cost; 0: at start");
    // ---- end client coverage ----

    // status endpoint (status/): off unless a port is set
    public static final ConfigKey<Integer> STATUS_PORT = atRestart("watchdog.status.port",
            ValueType.between(0, 65535), "0", "HTTP port of /metrics, /status and /health; 0: off");
    public static final ConfigKey<String> STATUS_BIND = atRestart("watchdog.status.bind",
            ValueType.TEXT, "127.0.0.1", "address the status endpoint listens on");

    // ---- resources: the ResourceWatcher (one block, keep it together) ----
    /** 0..100, an optional trailing '%'. */
    private static final ValueType<Integer> PERCENT = new ValueType<>("percent 1-100 (90 or 90%)", ConfigKeys::percent);
    /** Like {@link #PERCENT}, or empty for off. */
    private static final ValueType<Optional<Integer>> OPTIONAL_PERCENT = new ValueType<>("percent 1-100, or empty for off",
            text -> text.isBlank() ? Optional.empty() : Optional.of(percent(text)));
    /** oshi caches CPU ticks for 300 ms: a faster sample would read the same ticks twice. */
    private static final ValueType<Duration> SAMPLE_INTERVAL = new ValueType<>("duration >= 500ms (500ms, 2s, 1m)", text -> {
        Duration d = ValueType.POSITIVE_DURATION.parse(text);
        if (d.toMillis() < 500) {
            throw new IllegalArgumentException("is shorter than 500ms; expected a duration of at least 500ms, like 2s");
        }
        return d;
    });
    public static final ConfigKey<Boolean> RESOURCES_ENABLED = atRestart("watchdog.resources.enabled",
            ValueType.BOOLEAN, "true", "watch CPU, memory, swap, process CPU and heap");
    public static final ConfigKey<Duration> RESOURCES_INTERVAL = live("watchdog.resources.interval",
            SAMPLE_INTERVAL, "2s", "how often resources are sampled");
    public static final ConfigKey<Integer> RESOURCES_CPU_THRESHOLD = live("watchdog.resources.cpu-threshold",
            PERCENT, "90", "CPU use (of the effective limit: container or host) that counts as overload");
    public static final ConfigKey<Integer> RESOURCES_MEMORY_THRESHOLD = live("watchdog.resources.memory-threshold",
            PERCENT, "95", "memory use (of the effective limit: container or host) that counts as overload");
    public static final ConfigKey<Optional<Integer>> RESOURCES_HEAP_THRESHOLD = live("watchdog.resources.heap-threshold",
            OPTIONAL_PERCENT, "", "JVM heap after GC (of max heap) that counts as overload; empty: off");
    public static final ConfigKey<Integer> RESOURCES_SUSTAIN = live("watchdog.resources.sustain",
            ValueType.AT_LEAST_ONE, "2", "consecutive samples above a threshold before an overload is raised");
    public static final ConfigKey<String> RESOURCES_ON_OVERLOAD = live("watchdog.resources.on-overload",
            ValueType.oneOf("log", "thread-dump", "jfr"), "log", "what an overload does besides its WARN line");
    public static final ConfigKey<String> RESOURCES_DUMP_DIR = live("watchdog.resources.dump-dir",
            ValueType.TEXT, "", "where thread dumps and JFR recordings go; empty: <java.io.tmpdir>/watchdog-dumps");
    public static final ConfigKey<Duration> RESOURCES_DUMP_COOLDOWN = live("watchdog.resources.dump-cooldown",
            ValueType.POSITIVE_DURATION, "5m", "at most one dump per this period");
    public static final ConfigKey<Integer> RESOURCES_DUMP_KEEP = live("watchdog.resources.dump-keep",
            ValueType.AT_LEAST_ONE, "5", "dumps kept in the dump directory; the oldest are deleted");
    /** The resource keys, in reference order. */
    public static final List<ConfigKey<?>> RESOURCES = List.of(RESOURCES_ENABLED, RESOURCES_INTERVAL,
            RESOURCES_CPU_THRESHOLD, RESOURCES_MEMORY_THRESHOLD, RESOURCES_HEAP_THRESHOLD, RESOURCES_SUSTAIN,
            RESOURCES_ON_OVERLOAD, RESOURCES_DUMP_DIR, RESOURCES_DUMP_COOLDOWN, RESOURCES_DUMP_KEEP);

    private static int percent(String text) {
        return ValueType.percent(text, 1, 100, "a whole number from 1 to 100, like 90 or 90%");
    }

    @SafeVarargs
    private static List<ConfigKey<?>> concat(List<ConfigKey<?>>... groups) {
        List<ConfigKey<?>> all = new java.util.ArrayList<>();
        for (List<ConfigKey<?>> g : groups) {
            all.addAll(g);
        }
        return List.copyOf(all);
    }
    // ---- end resources ----

    // ---- passive detection: breakers fed by the application's own connection failures (one block) ----
    public static final ConfigKey<Boolean> BREAKER_PASSIVE = atRestart("watchdog.breaker.passive",
            ValueType.BOOLEAN, "false",
            "connection failures of the application's own calls open that host's breaker (no target needed); "
                    + "off by default: the threshold counts failures, not a failure rate");
    public static final ConfigKey<Integer> BREAKER_FAILURE_THRESHOLD = live("watchdog.breaker.failure-threshold",
            ValueType.AT_LEAST_ONE, "5", "connection failures within the failure window that open a host's breaker");
    public static final ConfigKey<Duration> BREAKER_FAILURE_WINDOW = live("watchdog.breaker.failure-window",
            ValueType.POSITIVE_DURATION, "10s", "the period the failure threshold counts over");
    public static final ConfigKey<Duration> BREAKER_DELAY = live("watchdog.breaker.delay",
            ValueType.POSITIVE_DURATION, "5s", "a passively opened breaker half-opens after this (jitter +-20%)");
    public static final ConfigKey<Integer> BREAKER_HALF_OPEN_CALLS = live("watchdog.breaker.half-open-calls",
            ValueType.AT_LEAST_ONE, "1", "trial calls let through while half-open; one success closes, all failing reopens");
    public static final ConfigKey<Duration> BREAKER_MAX_DELAY = live("watchdog.breaker.max-delay",
            ValueType.POSITIVE_DURATION, "60s", "the delay doubles after each failed trial, up to this");
    /** The passive detection keys, in reference order. */
    public static final List<ConfigKey<?>> BREAKER = List.of(BREAKER_PASSIVE, BREAKER_FAILURE_THRESHOLD,
            BREAKER_FAILURE_WINDOW, BREAKER_DELAY, BREAKER_HALF_OPEN_CALLS, BREAKER_MAX_DELAY);
    // ---- end passive detection ----

    public static final ConfigKey<Duration> API_LISTENER_BUDGET = live("watchdog.api.listener-budget",
            ValueType.POSITIVE_DURATION, "1s", "the Java API: how long one call of an application's listener may take; "
                    + "past it the call is interrupted and reported once (its later events wait for it, nothing else does)");
    // ---- integrations: zero-code, each only where the application has the library (one block) ----
    public static final ConfigKey<Boolean> SPRING_ENABLED = atRestart("watchdog.spring.enabled",
            ValueType.BOOLEAN, "true", "Spring Boot 3/4 with Actuator: a watchdog health contributor (one component per target) in /actuator/health");
    public static final ConfigKey<Boolean> SPRING_READINESS = atRestart("watchdog.spring.readiness",
            ValueType.BOOLEAN, "false", "add the watchdog contributor to Spring Boot's readiness group (a DOWN target takes the instance "
                    + "out of the load balancer); off by default");
    public static final ConfigKey<Boolean> MICROMETER_ENABLED = atRestart("watchdog.micrometer.enabled",
            ValueType.BOOLEAN, "true", "the agent's metrics (the names of /metrics) in the application's Micrometer registries");
    public static final ConfigKey<Boolean> RESILIENCE4J_ENABLED = atRestart("watchdog.resilience4j.enabled",
            ValueType.BOOLEAN, "true", "hold the Resilience4j CircuitBreakers a target names (" + "watchdog.target.<name>.resilience4j"
                    + ") FORCED_OPEN while it is DOWN");
    /** The integration keys, in reference order. */
    public static final List<ConfigKey<?>> INTEGRATIONS = List.of(SPRING_ENABLED, SPRING_READINESS, MICROMETER_ENABLED,
            RESILIENCE4J_ENABLED);
    // ---- end integrations ----

    // ---- fleet mode over Redis (one block) ----
    public static final ConfigKey<String> FLEET_REDIS = atRestart("watchdog.fleet.redis",
            ValueType.REDIS_URL, "", "fleet mode: the Redis the members share probe duty and verdicts through, "
                    + "redis://[user:password@]host[:port][/db] or rediss:// (TLS); empty: off, every member probes on its own");
    public static final ConfigKey<String> FLEET_NAME = atRestart("watchdog.fleet.name",
            ValueType.TEXT, "", "the fleet this member belongs to (members of one fleet share the work); empty: the application's main class or jar name");
    public static final ConfigKey<Integer> FLEET_PROBERS = atRestart("watchdog.fleet.probers",
            ValueType.between(1, 99), "3", "members that probe each target (rendezvous hashing over the live members); "
                    + "a target is DOWN for the fleet when a majority of them say so");
    public static final ConfigKey<String> FLEET_SECRET = atRestart("watchdog.fleet.secret",
            ValueType.TEXT, "", "the key verdicts are signed with (HMAC-SHA256), 16 characters or more, e.g. ${env:WATCHDOG_FLEET_SECRET}; "
                    + "required by fleet mode; never logged");
    public static final ConfigKey<Duration> FLEET_TIMEOUT = atRestart("watchdog.fleet.timeout",
            ValueType.POSITIVE_DURATION, "500ms", "a Redis command slower than this counts as Redis unavailable: every member then probes on its own");
    /** The fleet keys, in reference order. */
    public static final List<ConfigKey<?>> FLEET = List.of(FLEET_REDIS, FLEET_NAME, FLEET_PROBERS, FLEET_SECRET, FLEET_TIMEOUT);
    // ---- end fleet ----

    /** Every global key, in reference order. */
    public static final List<ConfigKey<?>> GLOBAL = concat(List.of(HEALTH_INTERVAL, HEALTH_TIMEOUT, UNHEALTHY_THRESHOLD,
            HEALTHY_THRESHOLD, HEALTH_UNHEALTHY_INTERVAL, HEALTH_JITTER, HEALTH_DISCOVER, HEALTH_DISCOVER_MAX,
            FILES_WATCH, FILES_INTERVAL, FILES_MAX_SIZE, JDBC_ENABLED, HTTP_ENABLED, LOG_LEVEL, LOG_FILE, LOG_TIME,
            LOG_MAX_SIZE, LOG_KEEP, LOG_FORMAT,
            STATUS_PORT, STATUS_BIND, MODE, SOCKET_ENABLED, CLIENTS_ENABLED, RELEASE_WAITING, INSTRUMENT_DELAY,
            API_LISTENER_BUDGET),
            RESOURCES, BREAKER, INTEGRATIONS, FLEET);

    public static final TargetAttribute CHECK = new TargetAttribute("check", ValueType.TEXT, null, true, false,
            "what to check: tcp://host:port, http(s)://host[:port]/path, jdbc:..., redis://[:password@]host[:port], grpc://host:port[/service] or amqp://[user:password@]host[:port][/vhost]");
    public static final TargetAttribute HOSTS = new TargetAttribute("hosts", ValueType.HOST_LIST, null, false, false,
            "hosts whose calls fail fast while DOWN; default: the check's host(s)");
    public static final TargetAttribute INTERVAL = new TargetAttribute("interval", ValueType.POSITIVE_DURATION,
            HEALTH_INTERVAL, false, false, "this target's check interval");
    public static final TargetAttribute TIMEOUT = new TargetAttribute("timeout", ValueType.POSITIVE_DURATION,
            HEALTH_TIMEOUT, false, false, "this target's check timeout");
    public static final TargetAttribute UNHEALTHY_INTERVAL = new TargetAttribute("unhealthy-interval",
            ValueType.OPTIONAL_DURATION, HEALTH_UNHEALTHY_INTERVAL, false, false, "this target's check interval while DOWN");
    public static final TargetAttribute TARGET_UNHEALTHY = new TargetAttribute("unhealthy-threshold", ValueType.AT_LEAST_ONE,
            UNHEALTHY_THRESHOLD, false, false, "this target's failures before DOWN");
    public static final TargetAttribute TARGET_HEALTHY = new TargetAttribute("healthy-threshold", ValueType.AT_LEAST_ONE,
            HEALTHY_THRESHOLD, false, false, "this target's successes before UP");
    public static final TargetAttribute USER = new TargetAttribute("user", ValueType.TEXT, null, false, false,
            "user for jdbc checks");
    public static final TargetAttribute PASSWORD = new TargetAttribute("password", ValueType.TEXT, null, false, true,
            "password for jdbc and redis checks (never logged)");
    public static final TargetAttribute EXPECT_STATUS = new TargetAttribute("expect-status", ValueType.STATUS_RANGES, null,
            false, false, "http checks: accepted statuses, like 200-299,404; default 200-399");
    /** Sub-keyed: {@code watchdog.target.<name>.header.<NAME>=VALUE}, one per header. */
    public static final TargetAttribute HEADER = new TargetAttribute("header", ValueType.TEXT, null, false, false,
            "http checks: a request header NAME: VALUE (values of secret-looking names are never logged)");
    public static final TargetAttribute QUERY = new TargetAttribute("query", ValueType.TEXT, null, false, false,
            "jdbc checks: a query that must succeed, like SELECT 1; default: Connection.isValid");

    public static final TargetAttribute RESILIENCE4J = new TargetAttribute("resilience4j", ValueType.NAME_LIST, null, false, false,
            "the application's Resilience4j CircuitBreakers held FORCED_OPEN while this target is DOWN (their fallbacks run), "
                    + "returned to their own state machine when UP");

    /** Every target attribute, in reference order. */
    public static final List<TargetAttribute> TARGET_ATTRIBUTES = List.of(CHECK, HOSTS, INTERVAL, UNHEALTHY_INTERVAL,
            TIMEOUT, TARGET_UNHEALTHY, TARGET_HEALTHY, USER, PASSWORD, EXPECT_STATUS, HEADER, QUERY, RESILIENCE4J);

    private ConfigKeys() {
    }

    /** A row a hot reload applies to the running agent. */
    private static <T> ConfigKey<T> live(String name, ValueType<T> type, String defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, doc, Reload.LIVE);
    }

    /** A row read once at start: a reload reports its change as "takes effect at restart". */
    private static <T> ConfigKey<T> atRestart(String name, ValueType<T> type, String defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, doc, Reload.RESTART);
    }

    /** The global key of that name, or null. */
    public static ConfigKey<?> global(String name) {
        for (ConfigKey<?> key : GLOBAL) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        return null;
    }

    /** The target attribute of that name, or null. */
    public static TargetAttribute attribute(String name) {
        for (TargetAttribute a : TARGET_ATTRIBUTES) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** A key's environment variable: upper case, '.' and '-' become '_'. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The key reference, one line per key: name, default, expected values, when a change applies, doc. Targets
     * (every attribute) reload live. The README is checked against it.
     */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigKey<?> key : GLOBAL) {
            row(out, key.name(), key.defaultValue(), key.type().expected(), key.reload(), key.doc());
        }
        for (TargetAttribute a : TARGET_ATTRIBUTES) {
            String dflt = a.required() ? "(required)" : a.inherits() != null ? "(" + a.inherits().name() + ")" : "";
            row(out, a == HEADER ? a.key("<name>") + ".<NAME>" : a.key("<name>"), dflt, a.type().expected(), Reload.LIVE,
                    a.doc());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String dflt, String expected, Reload reload, String doc) {
        out.append(name).append(" | ").append(dflt).append(" | ").append(expected).append(" | ").append(reload.shown())
                .append(" | ").append(doc).append('\n');
    }
}
