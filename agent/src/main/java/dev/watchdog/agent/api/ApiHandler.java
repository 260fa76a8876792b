package dev.watchdog.agent.api;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.ApiBridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.tinylog.TaggedLogger;

/**
 * The agent's side of the bridge ({@link ApiBridge}): answers the API's operations, named by strings with JDK-typed
 * arguments (see the API's package documentation). An unknown operation or unusable arguments answer null, which
 * the API takes as "unsupported" and falls back to its no-op. Runs on the application's threads: never blocks, never
 * throws (the bridge catches too).
 */
final class ApiHandler implements BiFunction<String, Object[], Object> {

    private static final TaggedLogger LOG = AgentLog.of("api");

    private final Listeners listeners;
    private final HealthPinger pinger;
    private final HostBreakers breakers;
    private final ConfigReloader files;

    ApiHandler(Listeners listeners, HealthPinger pinger, HostBreakers breakers, ConfigReloader files) {
        this.listeners = listeners;
        this.pinger = pinger;
        this.breakers = breakers;
        this.files = files;
    }

    @Override
    public Object apply(String operation, Object[] args) {
        try {
            return switch (operation) {
                case "protocol" -> ApiBridge.PROTOCOL;
                case "onHealth" -> listen(ApiService.HEALTH, args);
                case "onOverload" -> listen(ApiService.OVERLOAD, args);
                case "onFile" -> listen(ApiService.FILE, args);
                case "watchFile" -> args.length > 0 && args[0] instanceof String path ? watch(Path.of(path)) : null;
                case "registerCheck" -> registerCheck(args);
                case "health" -> args.length > 0 && args[0] instanceof String target ? health(target) : null;
                case "breaker" -> args.length > 0 && args[0] instanceof String host ? breaker(host) : null;
                default -> null;
            };
        } catch (RuntimeException e) {
            LOG.debug("api operation {} failed: {}", operation, e.toString());
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private AutoCloseable listen(String topic, Object[] args) {
        if (args.length == 0 || !(args[0] instanceof Consumer<?> listener)) {
            return null;
        }
        String name = args.length > 1 && args[1] instanceof String s ? s : null;
        return once(listeners.add(topic, (Consumer<Map<String, Object>>) listener, name));
    }

    private AutoCloseable watch(Path file) {
        Runnable unwatch = files.watch(file);
        return once(unwatch::run);
    }

    /** name, Callable, String[] hosts, Map options. */
    private AutoCloseable registerCheck(Object[] args) {
        if (args.length < 2 || !(args[0] instanceof String name) || !(args[1] instanceof Callable<?> check)) {
            return null;
        }
        String[] hosts = args.length > 2 && args[2] instanceof String[] h ? h : new String[0];
        Map<?, ?> options = args.length > 3 && args[3] instanceof Map<?, ?> m ? m : Map.of();
        if (!CodeTargets.validName(name)) {
            LOG.warn("a check registered in code is named \"{}\": names are letters, digits, '_', '.' and '-'; not run",
                    name.length() > 64 ? name.substring(0, 64) + "..." : name);
            return null;
        }
        CodeTargets.Hosts covered = CodeTargets.hosts(hosts);
        if (!covered.invalid().isEmpty()) {
            LOG.warn("target={} (in code): {} are not host:port; left out of its hosts", name, covered.invalid());
        }
        List<String> keys = covered.keys();
        if (!pinger.addCode(name, CodeTargets.settings(name, keys, options), check)) {
            LOG.warn("target={} already exists: the check registered in code under that name is not run", name);
            return null;
        }
        LOG.info("target={} registered in code (the Java API) hosts={}", name, keys);
        return once(() -> {
            pinger.removeCode(name);
            LOG.info("target={} (in code) closed", name);
        });
    }

    /** UP, DOWN, UNKNOWN (not checked yet); null for a name the agent does not check. */
    private String health(String target) {
        if (pinger.target(target) == null) {
            return null;
        }
        Health h = pinger.health(target);
        return h.name();
    }

    /** The breaker's state name; null when the host has none (or is no host:port). */
    private String breaker(String host) {
        HostPort hp = HostPort.parse(host);
        String key = hp == null ? null : hp.key(-1);
        if (key == null) {
            return null;
        }
        for (BreakerView b : breakers.snapshot()) {
            if (b.host().equals(key)) {
                return b.state().name();
            }
        }
        return null;
    }

    /** Closes once, never throws. */
    private static AutoCloseable once(AutoCloseable close) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    close.close();
                } catch (Throwable e) {
                    LOG.debug("closing an api registration failed: {}", e.toString());
                }
            }
        };
    }
}
