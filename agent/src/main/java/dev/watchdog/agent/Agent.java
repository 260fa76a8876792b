package dev.watchdog.agent;

import dev.watchdog.agent.api.ApiService;
import dev.watchdog.agent.breaker.AgentGateListener;
import dev.watchdog.agent.breaker.BreakerListener;
import dev.watchdog.agent.gate.GateAccess;
import dev.watchdog.agent.breaker.BreakerUpdater;
import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.breaker.PassivePolicy;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.files.ConfigReloader;
import dev.watchdog.agent.fleet.FleetMode;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.instrument.DeferredInstall;
import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.integrations.IntegrationHub;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.release.WaitingCalls;
import dev.watchdog.agent.resources.ResourceSettings;
import dev.watchdog.agent.resources.ResourceWatcher;
import dev.watchdog.agent.status.AgentStatus;
import dev.watchdog.agent.status.BreakerOperations;
import dev.watchdog.agent.status.HealthRelay;
import dev.watchdog.agent.status.surfaces.StatusService;
import dev.watchdog.bootstrap.AgentThread;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.GateControl;
import dev.watchdog.bootstrap.Integrations;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.tinylog.TaggedLogger;

/**
 * The agent proper, loaded by the isolated agent class loader on the {@code watchdog-init}
 * daemon thread: configuration, breakers, the health pinger, then (deferred) the instrumentation.
 */
public final class Agent {

    /** Set in the application's JVM when the agent starts; the CLI reads it through the Attach API. Outside the watchdog.* config namespace. */
    public static final String VERSION_PROPERTY = "dev.watchdog.agent.version";

    private Agent() {
    }

    /**
     * @param startedNanos  System.nanoTime() when premain began
     * @param premainNanos  how long premain held the application's main thread
     */
    public static void start(Instrumentation inst, String args, boolean attached, long startedNanos, long premainNanos) {
        // what `attach` reads through the Attach API to refuse a second agent in this JVM
        System.setProperty(VERSION_PROPERTY, version());
        ConfigResult result = ConfigLoader.load(args, System.getenv(), System.getProperties());
        AgentConfig config = result.config();
        if (config == null) {
            AgentLog.configure("info", null);
        } else {
            AgentLog.configure(config.logLevel(), config.logFile(), config.logMaxSize(), config.logKeep(), config.logFormat(),
                    config.logTime());
        }
        TaggedLogger log = AgentLog.of("agent");
        TaggedLogger configLog = AgentLog.of("config");
        for (ConfigProblem warning : result.warnings()) {
            configLog.warn("{}", warning);
        }
        if (config == null) {
            for (ConfigProblem error : result.errors()) {
                configLog.error("{}", error);
            }
            log.error("configuration is invalid; the agent stays inert (no breakers, no instrumentation)");
            Integrations.setHandler(null);   // nothing waits for an agent that does not run
            return;
        }
        try {
            // first: a Spring application reaching its refresh waits for this (at most a second)
            IntegrationHub integrations = new IntegrationHub(config);
            integrations.install();
            HostBreakers breakers = new HostBreakers();
            if (config.breakerPassive()) {
                breakers.enablePassive(PassivePolicy.of(config));   // whether at all is read at start; the policy reloads
            }
            List<LibraryInstrumentation> libraries = Libraries.enabledBy(config);
            DeferredInstall install = new DeferredInstall(inst, libraries, Agent.class.getClassLoader());
            HealthRelay health = new HealthRelay(new BreakerUpdater(breakers), install::now);   // then the status surfaces
            HealthPinger pinger = new HealthPinger(config, health);
            GateControl gate = GateAccess.control();   // throws when other code claimed it: the agent stays off
            gate.setListener(new AgentGateListener(breakers, pinger::discover, pinger::hurry));
            gate.setEnforcing(config.enforcing());
            // discovery and passive detection learn from the advice, an attached agent joins a running
            // application: they need it now; otherwise it waits (see DeferredInstall) unless a breaker opens
            boolean adviceNeededNow = attached || Gate.active() || config.breakerPassive();
            Duration delay = adviceNeededNow ? Duration.ZERO : config.instrumentDelay();
            install.start(delay);
            pinger.start();
            FleetMode fleet = FleetMode.start(config, pinger);   // null: off; its Redis I/O on threads of its own
            ResourceWatcher resources = config.resourcesEnabled()
                    ? new ResourceWatcher(ResourceSettings.of(config), inst) : null;   // oshi/JNA load on its own thread
            ConfigReloader reloader = ConfigReloader.start(result.path(), args, config, pinger);
            applyLive(reloader, breakers, resources);
            // status surfaces: MBeans and the optional endpoint, started on the watchdog-status thread
            AgentStatus agentStatus = new AgentStatus(breakers, pinger, reloader, resources, version(), result.path());
            if (fleet != null) {
                agentStatus.fleet(fleet::status);
                reloader.applyLiveTo(next -> fleet.reconfigured());
            }
            StatusService status = new StatusService(agentStatus,
                    new BreakerOperations(breakers, pinger::recheck, reloader::reloadNow),
                    config.statusPort(), config.statusBind(), null);
            BreakerListener toStatus = status.breakerListener();
            integrations.started(agentStatus);
            reloader.applyLiveTo(integrations::reconfigured);
            WaitingCalls release = new WaitingCalls(inst, () -> reloader.running().releaseWaiting());
            breakers.setListener((host, from, to, reason) -> {
                if (!to.closed()) {
                    install.now();   // calls to this host are to fail from now on
                }
                release.changed(host, from, to, reason);
                toStatus.changed(host, from, to, reason);
                integrations.refresh();
            });
            health.relayTo(status::healthChanged);
            health.also(integrations);
            ApiService.start(inst, health, pinger, breakers, reloader, resources);   // the application's Java API
            if (config.statusPort() > 0) {
                status.start();   // an endpoint was asked for: it answers as soon as it can
            }
            // oshi/JNA and the platform MBean server cost a cold JVM ~100 ms of CPU and several MiB, which a
            // starting application (two cores) pays in wall time: they wait with the install until the application
            // settled (DeferredInstall), unless someone may be looking
            Runnable whenSettled = () -> {
                if (resources != null) {
                    resources.start();
                }
                release.prepare();
                if (config.statusPort() <= 0) {
                    status.start();
                }
            };
            boolean now = attached || System.getProperty("com.sun.management.jmxremote.port") != null;
            if (now) {
                whenSettled.run();
            } else {
                install.whenSettled(whenSettled);
            }
            TreeSet<String> hosts = new TreeSet<>();
            config.targets().forEach(t -> hosts.addAll(t.hosts()));
            log.info("started version={} config={} targets={} hosts={} instrumented={}{} premain={}ms ready={}ms{}{}",
                    version(), result.path() == null ? "(none)" : result.path(), config.targets().size(), hosts,
                    libraries.stream().map(LibraryInstrumentation::name).toList(),
                    delay.isZero() ? "" : " deferred=" + Durations.format(delay),
                    millis(premainNanos), millis(System.nanoTime() - startedNanos),
                    attached ? " attached=true" : "", config.enforcing() ? "" : " mode=observe");
        } catch (Throwable e) {
            try {
                GateAccess.control().setListener(null);
            } catch (IllegalStateException notOurs) {
                // the gate was never ours to switch
            }
            Integrations.setHandler(null);
            log.error("failed to start; the agent is disabled: {}", e.toString());
        }
    }

    /**
     * The parts that take a reload's live keys besides those the reloader drives itself (the pinger, the
     * gate's mode, the file watcher): passive breakers, the resource watcher, the log writer.
     */
    static void applyLive(ConfigReloader reloader, HostBreakers breakers, ResourceWatcher resources) {
        reloader.applyLiveTo(next -> breakers.reconfigure(PassivePolicy.of(next)));
        if (resources != null) {
            reloader.applyLiveTo(next -> resources.reconfigure(ResourceSettings.of(next)));
        }
        reloader.applyLiveTo(next -> AgentLog.reconfigure(next.logMaxSize(), next.logKeep(), next.logFormat(), next.logTime()));
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    public static String version() {
        try (InputStream in = Agent.class.getClassLoader().getResourceAsStream("watchdog-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
