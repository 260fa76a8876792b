package dev.watchdog.agent.api;

import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.health.Health;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.resources.ResourceWatcher;
import dev.watchdog.agent.status.HealthRelay;
import dev.watchdog.bootstrap.ApiBridge;
import java.lang.instrument.Instrumentation;
import org.tinylog.TaggedLogger;

/**
 * The optional Java API's bridge to this agent: the application's listeners get the health verdicts (from the
 * {@link HealthRelay}), the overloads (from the {@link ResourceWatcher}) and the file changes (from the
 * {@link ConfigReloader}), each through {@link Listeners}; its checks in code run in the {@link HealthPinger}.
 */
public final class ApiService {

    static final String HEALTH = "health";
    static final String OVERLOAD = "overload";
    static final String FILE = "file";
    private static final TaggedLogger LOG = AgentLog.of("api");

    private ApiService() {
    }

    /**
     * Installs the handler into the bootstrap bridge, then connects the API copies already loaded.
     * @param resources null when resources are not watched (overload listeners are then never called)
     */
    public static void start(Instrumentation inst, HealthRelay health, HealthPinger pinger, HostBreakers breakers,
                             ConfigReloader reloader, ResourceWatcher resources) {
        try {
            bridge(inst, health, pinger, breakers, reloader, resources);
        } catch (Throwable e) {
            LOG.warn("the Java API is not bridged ({}); the application's API calls stay no-ops", e.toString());
        }
    }

    private static void bridge(Instrumentation inst, HealthRelay health, HealthPinger pinger, HostBreakers breakers,
                               ConfigReloader reloader, ResourceWatcher resources) {
        Listeners listeners = new Listeners(() -> reloader.running().apiListenerBudget());
        health.also(new HealthListener() {
            @Override
            public void changed(TargetConfig target, Health from, Health to, String reason) {
                if (to != Health.UNKNOWN) {
                    listeners.publish(HEALTH, EventMaps.health(target, from, to, reason));
                }
            }
        });
        if (resources != null) {
            resources.also((o, s) -> listeners.publish(OVERLOAD, EventMaps.overload(o, s)));
        }
        reloader.also(change -> listeners.publish(FILE, EventMaps.file(change)));
        if (!ApiBridge.install(new ApiHandler(listeners, pinger, breakers, reloader))) {
            LOG.warn("the Java API bridge is taken already; the application's API calls stay no-ops");
            listeners.close();
            return;
        }
        int copies = LoadedApis.connect(inst);
        if (copies > 0) {
            LOG.debug("connected {} loaded cop{} of the Java API", copies, copies == 1 ? "y" : "ies");
        }
    }
}
