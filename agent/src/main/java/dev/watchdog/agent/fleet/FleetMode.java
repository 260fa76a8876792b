package dev.watchdog.agent.fleet;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.health.HealthPinger;
import dev.watchdog.agent.health.ProbeDuty;
import dev.watchdog.agent.health.TargetView;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.status.FleetStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.TaggedLogger;

/**
 * Fleet mode in the running agent: joins the fleet named by the configuration, lets it decide which targets this
 * member probes ({@link ProbeDuty}), applies its verdicts to the pinger, and shows it on the status surfaces.
 * Off (null) without {@code watchdog.fleet.redis}; refused, with the key named, without a usable secret: the agent
 * then probes everything itself, as without a fleet.
 */
public final class FleetMode implements ProbeDuty {

    private static final TaggedLogger LOG = AgentLog.of("fleet");
    static final int MIN_SECRET_LENGTH = 16;

    private final FleetMember member;
    private final HealthPinger pinger;
    private final String self;
    /** Per target, whether this member probed it last time it was asked: duty changes are logged. */
    private final Map<String, Boolean> duty = new ConcurrentHashMap<>();
    /** The target names the fleet was told of: a discovered target is told when first asked about. */
    private volatile java.util.Set<String> told = java.util.Set.of();

    private FleetMode(FleetMember member, HealthPinger pinger, String self) {
        this.self = self;
        this.member = member;
        this.pinger = pinger;
    }

    /** Joins the configured fleet, in the background; null when fleet mode is off or refused. */
    public static FleetMode start(AgentConfig config, HealthPinger pinger) {
        String redis = config.fleetRedis();
        if (redis == null || redis.isBlank()) {
            return null;
        }
        String secret = config.fleetSecret();
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            LOG.error("watchdog.fleet.secret must be set to {} characters or more with watchdog.fleet.redis (verdicts are "
                    + "signed with it); fleet mode is off: this member probes every target itself", MIN_SECRET_LENGTH);
            return null;
        }
        String name = config.fleetName().isEmpty() ? applicationName() : config.fleetName();
        FleetSettings settings = new FleetSettings(redis, name, memberId(), config.fleetProbers(),
                secret.getBytes(StandardCharsets.UTF_8), config.healthInterval(), config.fleetTimeout());
        FleetMember member = new FleetMember(settings, pinger::fleetVerdict);
        FleetMode mode = new FleetMode(member, pinger, settings.memberId());
        mode.tell();
        pinger.shareDuty(mode);
        member.start();
        Runtime.getRuntime().addShutdownHook(new dev.watchdog.bootstrap.AgentThread(member::close, "watchdog-fleet-exit"));
        return mode;
    }

    /** The configuration was reloaded: the targets may have changed. */
    public void reconfigured() {
        tell();
    }

    private void tell() {
        java.util.Set<String> names = pinger.targetNames();
        member.targets(names);
        told = names;
    }

    @Override
    public boolean mustProbe(String target) {
        if (!told.contains(target)) {
            tell();
        }
        boolean mine = member.mustProbe(target);
        Boolean before = duty.put(target, mine);
        if (before == null || before != mine) {
            List<String> probers = member.probers(target);
            if (probers.isEmpty() || mine != probers.contains(self)) {
                return mine;   // not the fleet's choice (joining, or Redis away: the member says so once)
            }
            LOG.info("target={} {} (probers={})", target, mine ? "probed by this member" : "left to the fleet's probers",
                    probers);
        }
        return mine;
    }

    @Override
    public void observed(String target, boolean up, String reason) {
        member.observed(target, up, reason);
    }

    @Override
    public boolean fleetSaysUp(String target) {
        return member.verdict(target).state() == FleetVerdict.State.UP;
    }

    /** For the status surfaces: the fleet's view joined with each target's verdict source here. */
    public FleetStatus status(List<TargetView> views) {
        FleetView v = member.view();
        Map<String, TargetView> byName = new TreeMap<>();
        views.forEach(t -> byName.put(t.name(), t));
        List<FleetStatus.Target> targets = new ArrayList<>();
        for (FleetView.Target t : v.targets()) {
            TargetView here = byName.get(t.name());
            targets.add(new FleetStatus.Target(t.name(), t.probers(), t.probing(), t.verdict().state().name(),
                    here == null ? "own" : here.source(), here != null && here.alone()));
        }
        FleetView.Counters c = v.counters();
        Map<String, Long> dropped = new TreeMap<>();
        dropped.put("unsigned", c.unsigned());
        dropped.put("bad-signature", c.badSignature());
        dropped.put("stale", c.stale());
        dropped.put("replayed", c.replayed());
        dropped.put("malformed", c.malformed());
        return new FleetStatus(v.fleetName(), v.memberId(), v.mode().name(), v.redis(), v.redisUp(),
                v.lastLatencyMillis() < 0 ? null : Duration.ofMillis(v.lastLatencyMillis()), v.lastError(), v.members(),
                targets, c.messages(), dropped, c.commands(), c.bytesSent(), c.bytesReceived());
    }

    /** The application's main class, or its jar's name without ".jar": what replicas of one service share. */
    static String applicationName() {
        String command = System.getProperty("sun.java.command", "").strip();
        String first = command.isEmpty() ? "" : command.split("\\s+")[0];
        if (first.endsWith(".jar")) {
            String file = Path.of(first).getFileName().toString();
            return file.substring(0, file.length() - 4);
        }
        return first.isEmpty() ? "application" : first;
    }

    /**
     * host-pid-random: unique per JVM, readable in the status output (pids repeat across containers). The host name
     * from the environment (a pod's name) or /etc/hostname: never a DNS lookup, which can hang on a broken resolver.
     */
    static String memberId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.nio.file.Files.readString(Path.of("/etc/hostname")).strip();
            } catch (Exception | Error e) {
                host = "";
            }
        }
        host = host.replaceAll("[^A-Za-z0-9_.-]", "");
        return (host.isEmpty() ? "jvm" : host) + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
