package dev.watchdog.agent.fleet;

import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.tinylog.TaggedLogger;

/**
 * One agent's membership in a fleet (see the package documentation). Its Redis I/O runs on two daemon
 * threads, {@code watchdog-fleet-cycle-<member>} and {@code watchdog-fleet-feed-<member>}; the methods the
 * health threads call ({@link #mustProbe}, {@link #observed}, {@link #verdict}) only read or write
 * memory.
 */
public final class FleetMember implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("fleet");

    private final FleetSettings settings;
    private final FleetPicture picture;
    private final VoteBook book;
    private final Availability availability;
    private final FleetTraffic traffic = new FleetTraffic();
    private final FleetCycle cycle;
    private final VerdictFeed feed;
    private final Thread cycleThread;
    private final Thread feedThread;
    private volatile boolean started;
    private volatile boolean closed;

    public FleetMember(FleetSettings settings, FleetListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        long staleAfter = 3 * settings.interval().toMillis();
        FleetKeys keys = new FleetKeys(settings.fleetName());
        VoteCodec codec = new VoteCodec(settings.fleetName(), settings.secret());
        this.book = new VoteBook(staleAfter);
        FleetClock clock = new FleetClock();
        this.picture = new FleetPicture(settings.memberId(), settings.probers(), staleAfter, book, Objects.requireNonNull(listener));
        this.availability = new Availability(settings.interval().toNanos(), settings.timeout().toNanos(), settings.safeRedis());
        MemberParts parts = new MemberParts(settings, keys, codec, book, picture, availability, traffic, clock);
        this.cycle = new FleetCycle(parts);
        this.feed = new VerdictFeed(parts, cycle::cycleNow);
        this.cycleThread = new AgentThread(cycle, "watchdog-fleet-cycle-" + settings.memberId());
        this.feedThread = new AgentThread(feed, "watchdog-fleet-feed-" + settings.memberId());
    }

    /** Returns at once; the member joins when Redis answers, and probes everything on its own until then. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        LOG.info("member {} joining fleet {} through {} (probers={}, interval={}, timeout={})", settings.memberId(),
                settings.fleetName(), settings.safeRedis(), settings.probers(), settings.interval(), settings.timeout());
        cycleThread.start();
        feedThread.start();
    }

    /** The targets this member checks (set again on config reload). */
    public void targets(Collection<String> names) {
        picture.targets(names);
    }

    /** Whether this member must probe the target now: it is one of the K probers chosen for it, or the fleet is unavailable (fallback). */
    public boolean mustProbe(String target) {
        return !availability.available() || picture.probes(target);
    }

    /** This member's own decided verdict after each of its probes (publishes transitions when it is a prober; refreshes its vote periodically). */
    public void observed(String target, boolean up, String reason) {
        cycle.observed(target, up, reason);
    }

    /** The target's probers as this member last computed them; empty before it knows the members. */
    public List<String> probers(String target) {
        return picture.probers(target);
    }

    /** The fleet's current verdict for a target: UP, DOWN or UNKNOWN, with who voted. */
    public FleetVerdict verdict(String target) {
        if (!availability.available()) {
            return FleetVerdict.unknown(target, "fleet unavailable: this member probes on its own");
        }
        FleetVerdict v = picture.verdict(target);
        return v != null ? v : FleetVerdict.unknown(target, "no verdict yet");
    }

    /** Everything for the status surfaces; holds no secret. */
    public FleetView view() {
        boolean available = availability.available();
        List<FleetView.Target> targets = new ArrayList<>();
        for (String t : picture.targets()) {
            FleetCycle.Observation o = cycle.observation(t);
            boolean votes = o != null && picture.votes(t, o.nanos());
            targets.add(new FleetView.Target(t, picture.probers(t), mustProbe(t), verdict(t),
                    votes ? book.of(t).get(settings.memberId()) : null));
        }
        FleetView.Mode mode = closed ? FleetView.Mode.CLOSED : available ? FleetView.Mode.FLEET : FleetView.Mode.FALLBACK;
        return new FleetView(settings.fleetName(), settings.memberId(), mode, settings.safeRedis(), availability.redisUp(),
                availability.lastLatencyMillis(), availability.lastError(), picture.members(), targets, traffic.snapshot());
    }

    /** Deregisters (best effort, bounded by the timeout), stops the threads and closes the sockets. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        availability.closed();
        feed.stop();
        feedThread.interrupt();   // it may be waiting to reconnect
        cycle.stop();
        if (started) {
            join(cycleThread, 2 * settings.timeout().toMillis() + 100);
            if (cycleThread.isAlive()) {
                cycle.abort();
                join(cycleThread, 100);
            }
            join(feedThread, settings.timeout().toMillis() + 100);
        }
        picture.unavailable("fleet member closed");
        LOG.info("member {} left fleet {}", settings.memberId(), settings.fleetName());
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
