package dev.watchdog.agent;

import dev.watchdog.agent.breaker.AgentGateListener;
import dev.watchdog.agent.breaker.BreakerUpdater;
import dev.watchdog.agent.breaker.HostBreakers;
import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigProblem;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.instrument.Instrumenter;
import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.jdbc.JdbcInstrumentation;
import dev.watchdog.agent.instrument.jdkhttp.JdkHttpClientInstrumentation;
import dev.watchdog.agent.instrument.urlconnection.UrlConnectionInstrumentation;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.Gate;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.tinylog.TaggedLogger;

/**
 * The agent proper, loaded by the isolated agent class loader on the {@code watchdog-init}
 * daemon thread: configuration, breakers, instrumentation, then the health pinger.
 */
public final class Agent {

    private Agent() {
    }

    public static void start(Instrumentation inst, String args, boolean attached, long premainStartNanos) {
        ConfigResult result = ConfigLoader.load(args, System.getenv(), System.getProperties());
        AgentConfig config = result.config();
        AgentLog.configure(config == null ? "info" : config.logLevel(), config == null ? null : config.logFile());
        TaggedLogger log = AgentLog.of("agent");
        TaggedLogger configLog = AgentLog.of("config");
        for (ConfigProblem warning : result.warnings()) {
            configLog.warn("{}", warning);
        }
        if (config == null) {
            for (ConfigProblem error : result.errors()) {
                configLog.error("{}", error);
            }
            log.error("agent configuration is invalid; the agent stays inert (no breakers, no instrumentation)");
            return;
        }
        try {
            HostBreakers breakers = new HostBreakers();
            Gate.setListener(new AgentGateListener(breakers));
            List<String> instrumented = Instrumenter.install(inst, libraries(config), Agent.class.getClassLoader());
            HealthPinger pinger = new HealthPinger(config.targets(), new BreakerUpdater(breakers));
            pinger.start();
            TreeSet<String> hosts = new TreeSet<>();
            config.targets().forEach(t -> hosts.addAll(t.hosts()));
            log.info("agent started version={} config={} targets={} hosts={} instrumented={}{}",
                    version(), result.path() == null ? "(none)" : result.path(), config.targets().size(), hosts,
                    instrumented, attached ? " attached=true" : "");
        } catch (Throwable e) {
            Gate.setListener(null);
            log.error("agent failed to start and is disabled: {}", e.toString());
        }
    }

    private static List<LibraryInstrumentation> libraries(AgentConfig config) {
        List<LibraryInstrumentation> libraries = new ArrayList<>();
        if (config.jdbcEnabled()) {
            libraries.add(new JdbcInstrumentation());
        }
        if (config.httpEnabled()) {
            libraries.add(new JdkHttpClientInstrumentation());
            libraries.add(new UrlConnectionInstrumentation());
        }
        return libraries;
    }

    static String version() {
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
