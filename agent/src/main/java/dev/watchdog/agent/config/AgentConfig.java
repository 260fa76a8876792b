package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated configuration.
 *
 * @param targets sorted by name
 * @param raw every effective {@code watchdog.*} key and value after overrides and {@code ${env:}}
 *            substitution, defaults included, sorted; for keys added later. Holds secrets in clear:
 *            show it only through {@link #toString()}.
 * @param unhealthyInterval the global check interval while DOWN; {@link Duration#ZERO}: the interval
 * @param jitterPercent each check's delay is spread by up to this percentage of its interval
 * @param discover {@code auto}, {@code true} or {@code false}: {@code auto} discovers while no target is configured
 * @param filesWatch files to fingerprint, as configured (relative paths resolve against user.dir)
 * @param written values as written before {@code ${env:}} substitution, by key: shown instead of what the
 *                environment supplied (often a secret)
 */
public record AgentConfig(Duration healthInterval, Duration healthTimeout, int unhealthyThreshold, int healthyThreshold,
                          boolean jdbcEnabled, boolean httpEnabled, String logLevel, String logFile,
                          List<TargetConfig> targets, Map<String, String> raw,
                          Duration unhealthyInterval, int jitterPercent, String discover, int discoverMax,
                          List<String> filesWatch, Duration filesInterval, long filesMaxSize,
                          Map<String, String> written) {

    public AgentConfig {
        targets = List.copyOf(targets);
        raw = Collections.unmodifiableMap(new TreeMap<>(raw));
        written = Collections.unmodifiableMap(new TreeMap<>(written));
        filesWatch = List.copyOf(filesWatch);
    }

    /** Every key at its default, no targets. */
    public static AgentConfig defaults() {
        Map<String, String> raw = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.GLOBAL) {
            raw.put(key.name(), key.defaultValue());
        }
        return new AgentConfig(ConfigKeys.HEALTH_INTERVAL.defaultParsed(), ConfigKeys.HEALTH_TIMEOUT.defaultParsed(),
                ConfigKeys.UNHEALTHY_THRESHOLD.defaultParsed(), ConfigKeys.HEALTHY_THRESHOLD.defaultParsed(),
                ConfigKeys.JDBC_ENABLED.defaultParsed(), ConfigKeys.HTTP_ENABLED.defaultParsed(),
                ConfigKeys.LOG_LEVEL.defaultParsed(), ConfigKeys.LOG_FILE.defaultParsed(), List.of(), raw,
                ConfigKeys.HEALTH_UNHEALTHY_INTERVAL.defaultParsed(), ConfigKeys.HEALTH_JITTER.defaultParsed(),
                ConfigKeys.HEALTH_DISCOVER.defaultParsed(), ConfigKeys.HEALTH_DISCOVER_MAX.defaultParsed(),
                ConfigKeys.FILES_WATCH.defaultParsed(), ConfigKeys.FILES_INTERVAL.defaultParsed(),
                ConfigKeys.FILES_MAX_SIZE.defaultParsed(), Map.of());
    }

    /** How long a target whose hosts the application's calls prove may go without a check; 0: off. */
    public Duration maxQuiet() {
        return value(ConfigKeys.HEALTH_MAX_QUIET);
    }

    // ---- client coverage (mode, socket fallback) ----

    /** False in observe mode: breakers run, but no call is rejected. */
    public boolean enforcing() {
        return !"observe".equals(value(ConfigKeys.MODE));
    }

    public boolean socketEnabled() {
        return value(ConfigKeys.SOCKET_ENABLED);
    }

    /** Whether the hooks of the Netty-based, Redis, gRPC, RabbitMQ, MongoDB and Kafka clients are installed. */
    public boolean clientsEnabled() {
        return value(ConfigKeys.CLIENTS_ENABLED);
    }

    /** Whether an opening breaker closes the application's connections to its host (calls blocked on them end). */
    public boolean releaseWaiting() {
        return value(ConfigKeys.RELEASE_WAITING);
    }

    /** How long after start the instrumentation is installed unless something needs it sooner. */
    public Duration instrumentDelay() {
        return value(ConfigKeys.INSTRUMENT_DELAY);
    }

    // ---- end client coverage ----

    // ---- fleet mode ----
    /** The fleet's Redis URL; empty: fleet mode is off. */
    public String fleetRedis() {
        return value(ConfigKeys.FLEET_REDIS);
    }

    /** The fleet's name; empty: derived from the application. */
    public String fleetName() {
        return value(ConfigKeys.FLEET_NAME).strip();
    }

    public int fleetProbers() {
        return value(ConfigKeys.FLEET_PROBERS);
    }

    /** The signing key's text; never logged. */
    public String fleetSecret() {
        return value(ConfigKeys.FLEET_SECRET);
    }

    public Duration fleetTimeout() {
        return value(ConfigKeys.FLEET_TIMEOUT);
    }

    /** How long one call of an application's listener (the Java API) may take. */
    public Duration apiListenerBudget() {
        return value(ConfigKeys.API_LISTENER_BUDGET);
    }

    /** The status endpoint's port; 0: off. */
    public int statusPort() {
        return value(ConfigKeys.STATUS_PORT);
    }

    /** The address the status endpoint listens on. */
    public String statusBind() {
        return value(ConfigKeys.STATUS_BIND).strip();
    }

    // ---- log file and format (operate) ----
    public long logMaxSize() {
        return value(ConfigKeys.LOG_MAX_SIZE);
    }

    public int logKeep() {
        return value(ConfigKeys.LOG_KEEP);
    }

    /** text or json. */
    public String logFormat() {
        return value(ConfigKeys.LOG_FORMAT);
    }

    /** utc or off: whether text lines start with their time. */
    public String logTime() {
        return value(ConfigKeys.LOG_TIME);
    }
    // ---- end log file and format ----

    // ---- passive detection: breakers fed by the application's own failures (one block) ----
    public boolean breakerPassive() {
        return value(ConfigKeys.BREAKER_PASSIVE);
    }

    public int breakerFailureThreshold() {
        return value(ConfigKeys.BREAKER_FAILURE_THRESHOLD);
    }

    public Duration breakerFailureWindow() {
        return value(ConfigKeys.BREAKER_FAILURE_WINDOW);
    }

    public Duration breakerDelay() {
        return value(ConfigKeys.BREAKER_DELAY);
    }

    public int breakerHalfOpenCalls() {
        return value(ConfigKeys.BREAKER_HALF_OPEN_CALLS);
    }

    public Duration breakerMaxDelay() {
        return value(ConfigKeys.BREAKER_MAX_DELAY);
    }
    // ---- end passive detection ----

    // ---- integrations (one block) ----
    public boolean springEnabled() {
        return value(ConfigKeys.SPRING_ENABLED);
    }

    public boolean springReadiness() {
        return value(ConfigKeys.SPRING_READINESS);
    }

    public boolean micrometerEnabled() {
        return value(ConfigKeys.MICROMETER_ENABLED);
    }

    public boolean resilience4jEnabled() {
        return value(ConfigKeys.RESILIENCE4J_ENABLED);
    }

    /** Target name -> the Resilience4j CircuitBreakers it holds open while DOWN ({@code watchdog.target.<name>.resilience4j}). */
    public Map<String, List<String>> resilience4jBreakers() {
        Map<String, List<String>> byTarget = new TreeMap<>();
        for (TargetConfig t : targets) {
            String text = raw.get(ConfigKeys.RESILIENCE4J.key(t.name()));
            if (text != null) {
                byTarget.put(t.name(), ValueType.NAME_LIST.parse(text));
            }
        }
        return byTarget;
    }
    // ---- end integrations ----

    /** A validated global key read from {@link #raw} (keys added after the record's components). */
    private <T> T value(ConfigKey<T> key) {
        String text = raw.get(key.name());
        return text == null ? key.defaultParsed() : key.type().parse(text);
    }

    // ---- resources: the ResourceWatcher's keys, parsed from raw (one block, keep it together) ----
    public boolean resourcesEnabled() {
        return resourceKey(ConfigKeys.RESOURCES_ENABLED);
    }

    public Duration resourcesInterval() {
        return resourceKey(ConfigKeys.RESOURCES_INTERVAL);
    }

    public int resourcesCpuThreshold() {
        return resourceKey(ConfigKeys.RESOURCES_CPU_THRESHOLD);
    }

    public int resourcesMemoryThreshold() {
        return resourceKey(ConfigKeys.RESOURCES_MEMORY_THRESHOLD);
    }

    /** Empty: no heap threshold. */
    public Optional<Integer> resourcesHeapThreshold() {
        return resourceKey(ConfigKeys.RESOURCES_HEAP_THRESHOLD);
    }

    public int resourcesSustain() {
        return resourceKey(ConfigKeys.RESOURCES_SUSTAIN);
    }

    /** log, thread-dump or jfr. */
    public String resourcesOnOverload() {
        return resourceKey(ConfigKeys.RESOURCES_ON_OVERLOAD);
    }

    /** Empty: the default directory. */
    public String resourcesDumpDir() {
        return resourceKey(ConfigKeys.RESOURCES_DUMP_DIR);
    }

    public Duration resourcesDumpCooldown() {
        return resourceKey(ConfigKeys.RESOURCES_DUMP_COOLDOWN);
    }

    public int resourcesDumpKeep() {
        return resourceKey(ConfigKeys.RESOURCES_DUMP_KEEP);
    }

    /** The validator already parsed every raw value once: parsing again cannot fail. */
    private <T> T resourceKey(ConfigKey<T> key) {
        String text = raw.get(key.name());
        return key.type().parse(text == null ? key.defaultValue() : text);
    }
    // ---- end resources ----

    /** Raw values are shown redacted. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        raw.forEach((k, v) -> shown.put(k, Shown.value(k, written.getOrDefault(k, v))));
        return "AgentConfig[healthInterval=" + Durations.format(healthInterval) + ", healthTimeout=" + Durations.format(healthTimeout)
                + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
                + ", jdbcEnabled=" + jdbcEnabled + ", httpEnabled=" + httpEnabled + ", logLevel=" + logLevel
                + ", logFile=" + shown.get(ConfigKeys.LOG_FILE.name()) + ", targets=" + targets + ", raw=" + shown
                + ", unhealthyInterval=" + Durations.format(unhealthyInterval) + ", jitterPercent=" + jitterPercent
                + ", discover=" + discover + ", discoverMax=" + discoverMax + ", filesWatch=" + shown.get(ConfigKeys.FILES_WATCH.name())
                + ", filesInterval=" + Durations.format(filesInterval) + ", filesMaxSize=" + Sizes.format(filesMaxSize) + "]";
    }
}
