package dev.watchdog.agent.health;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.config.TargetConfig;
import dev.watchdog.bootstrap.Evidence;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
import org.tinylog.TaggedLogger;

/**
 * Checks one target, one check at a time: the next check is scheduled only once the previous one
 * has answered or been cut off at its timeout, so a hung dependency never piles up threads.
 * The verdict changes only after the configured number of consecutive failures or successes.
 * Verdicts and counters change on the scheduler thread only; {@link #view()} may be read from any thread.
 */
final class TargetMonitor {

    private static final TaggedLogger LOG = dev.watchdog.agent.log.AgentLog.of("health");

    private static final Duration FIRST_CHECK_DEADLINE = Duration.ofSeconds(5);
    /** How many verdict changes each target remembers for the status surfaces. */
    static final int HISTORY = 20;

    private final TargetConfig target;
    private final SharedProbe probe;
    private final ScheduledExecutorService scheduler;
    private final HealthListener listener;
    /** Spreads each delay (jitter), so JVMs started together do not probe in lockstep. */
    private final LongUnaryOperator spread;
    private final boolean discovered;
    /** The check with its secrets masked, computed once (the status surfaces read it every few seconds). */
    private final String safeCheck;

    private volatile Health health = Health.UNKNOWN;
    private int failures;
    private int successes;
    private Instant since = Instant.now();
    private Instant lastCheck;
    private Duration lastLatency;
    /** Every decided check and their total time: a Prometheus summary of check durations. */
    private long checks;
    private double checkSeconds;
    private final ArrayDeque<Transition> history = new ArrayDeque<>();
    /** Set while a check occupies a worker, even past its timeout (a driver stuck in native I/O). */
    private final AtomicBoolean running = new AtomicBoolean();
    /** Checks abandoned past their timeout since the target was last UP: warned about once, counted at the end. */
    private int stuckChecks;
    private boolean stuckNow;
    /**
     * While the last check failed and the target is not DOWN: when its hosts came into doubt
     * (System.nanoTime()), and the application's calls since then are evidence (see {@link Evidence}); 0 otherwise.
     */
    private long doubtSince;
    /** Failed checks overruled by the application's own calls since the doubt began. */
    private int overruled;
    private volatile boolean stopped;
    private boolean noDriverReported;
    private volatile boolean credentialsReported;
    private boolean firstTimeoutForgiven;
    /** When the next delay counts from (System.nanoTime()): the end of the probe that decided, else now. */
    private long anchorNanos;
    /** Skips scheduled probes while the application's own calls prove the target. */
    private final QuietProbes quiet;
    /** Fleet mode: who probes this target (this member, or another for the whole fleet). */
    private final java.util.function.Supplier<ProbeDuty> duty;
    /** Where the verdict came from: this member's own probes, or a quorum of the fleet's probers. */
    private volatile Source source = Source.OWN;
    /** DOWN by this member's own probes while the fleet says UP: its hosts are open for this member only. */
    private volatile boolean alone;
    /** Scheduled checks left to the fleet's probers. */
    private long leftToFleet;

    /** Where a verdict came from. */
    enum Source { OWN, QUORUM }

    TargetMonitor(TargetConfig target, Check check, ScheduledExecutorService scheduler,
                  ExecutorService workers, HealthListener listener) {
        this(target, check, scheduler, workers, listener, LongUnaryOperator.identity(), false);
    }

    TargetMonitor(TargetConfig target, Check check, ScheduledExecutorService scheduler, ExecutorService workers,
                  HealthListener listener, LongUnaryOperator spread, boolean discovered) {
        this(target, new SharedProbe(check, target.timeout(), workers), scheduler, listener, spread, discovered);
    }

    TargetMonitor(TargetConfig target, SharedProbe probe, ScheduledExecutorService scheduler,
                  HealthListener listener, LongUnaryOperator spread, boolean discovered) {
        this(target, probe, scheduler, listener, spread, discovered, () -> ProbeDuty.SOLO);
    }

    TargetMonitor(TargetConfig target, SharedProbe probe, ScheduledExecutorService scheduler, HealthListener listener,
                  LongUnaryOperator spread, boolean discovered, java.util.function.Supplier<ProbeDuty> duty) {
        this.duty = duty;
        this.target = target;
        this.probe = probe;
        this.safeCheck = target.safeCheck();
        this.scheduler = scheduler;
        this.listener = listener;
        this.spread = spread;
        this.discovered = discovered;
        this.quiet = new QuietProbes(target);
    }

    /**
     * Takes over the verdict, counters and history of the monitor this one replaces (same check,
     * new timing or thresholds), so a reload does not reset a DOWN target to UNKNOWN. Before {@link #start()}.
     */
    synchronized void inherit(TargetMonitor old) {
        synchronized (old) {
            health = old.health;
            failures = old.failures;
            successes = old.successes;
            since = old.since;
            lastCheck = old.lastCheck;
            lastLatency = old.lastLatency;
            checks = old.checks;
            checkSeconds = old.checkSeconds;
            history.addAll(old.history);
            firstTimeoutForgiven = old.firstTimeoutForgiven;
            source = old.source;
            alone = old.alone;
            leftToFleet = old.leftToFleet;
        }
        quiet.inherit(old.quiet);
    }

    /** The next scheduled check; replaced on the scheduler thread each time one is scheduled. */
    private volatile ScheduledFuture<?> next;
    /** Set by {@link #recheck()} for the check it starts: no shared result, however fresh. Scheduler thread only. */
    private boolean recheckRequested;

    void start() {
        scheduler.execute(this::checkNow);
    }

    /**
     * The check at its time (not the first, a recheck or a hurried one): skipped while the application's own
     * calls prove the target ({@link QuietProbes}), left to the fleet when another member probes it for everyone.
     */
    private void scheduledCheck() {
        if (!stopped && quiet.skip(clear())) {
            scheduleNext();
            return;
        }
        if (!stopped && leaveToFleet(false)) {
            leftToFleet++;
            scheduleNext();
            return;
        }
        checkNow();
    }

    /** UP and not in doubt: the only state in which traffic may stand in for probes. */
    private boolean clear() {
        return health == Health.UP && failures == 0 && doubtSince == 0;
    }

    /**
     * Whether this check is the fleet's to make: not while this member is in doubt or DOWN by its own probes (it
     * must see for itself that it reaches the target again), nor before its first verdict. A hurried check (the
     * application's calls fail or are rejected) is left to the fleet only while the fleet holds the target DOWN.
     */
    private boolean leaveToFleet(boolean hurried) {
        if (health == Health.UNKNOWN || failures > 0 || (health == Health.DOWN && source == Source.OWN)) {
            return false;
        }
        if (hurried && !(health == Health.DOWN && source == Source.QUORUM)) {
            return false;
        }
        try {
            return !duty.get().mustProbe(target.name());
        } catch (RuntimeException e) {
            return false;   // when in doubt, probe
        }
    }

    /**
     * On the scheduler thread: the fleet's verdict changed (a quorum of the target's probers says DOWN, or no longer
     * does). DOWN opens this member's hosts whatever its own last probe said; the end of the fleet's DOWN closes them
     * when the DOWN was the fleet's (a DOWN of this member's own stays until its own probe passes).
     */
    void fleet(boolean down, String detail) {
        if (stopped) {
            return;
        }
        Health before;
        Health after;
        String reason = "fleet: " + detail;
        if (down) {
            alone = false;   // the fleet agrees now
        }
        synchronized (this) {
            before = health;
            if (down && before != Health.DOWN) {
                after = Health.DOWN;
            } else if (!down && before == Health.DOWN && source == Source.QUORUM) {
                after = Health.UP;
            } else {
                return;
            }
            health = after;
            source = Source.QUORUM;
            alone = false;
            failures = 0;
            successes = 0;
            since = Instant.now();
            remember(new Transition(since, before, after, reason));
        }
        doubt(false);
        try {
            listener.changed(target, before, after, reason);
        } catch (Throwable e) {
            LOG.error("target={} listener failed: {}", target.name(), e.toString());
        }
    }

    void stop() {
        stopped = true;
        target.hosts().forEach(host -> Evidence.clear(host, target.name()));
        quiet.stop();
    }

    /**
     * A call to one of this target's hosts was rejected, or failed to connect (rate-limited by the pinger);
     * on the scheduler thread: with no check under way, the target is checked now, so calls resume within
     * moments of the dependency's return, and an outage the application already meets is confirmed sooner.
     */
    void hurry() {
        ScheduledFuture<?> pending = next;
        if (!stopped && !running.get() && !leaveToFleet(true) && pending != null && pending.cancel(false)) {
            checkNow();
        }
    }

    Health health() {
        return health;
    }

    TargetConfig target() {
        return target;
    }

    boolean discovered() {
        return discovered;
    }

    synchronized TargetView view() {
        return new TargetView(target.name(), target.kind(), safeCheck, target.hosts(), health, since,
                lastCheck, lastLatency, failures, successes, discovered, new ArrayList<>(history), checks, checkSeconds,
                source == Source.QUORUM ? "quorum" : "own", alone, leftToFleet, quiet.skipped());
    }

    /** Runs on the scheduler thread: hands the check to a worker and arms its deadline. */
    private void checkNow() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            // the previous check is still stuck past its deadline: count it, start nothing new
            if (!stuckNow) {
                stuckNow = true;
                if (stuckChecks++ == 0) {
                    LOG.warn("target={} a check ignored its {} timeout and interruption; abandoned, and no new check starts "
                            + "until it returns (one thread at most; said once until the target is UP)",
                            target.name(), Durations.format(target.timeout()));
                }
            }
            decide(false, "previous check still running past its " + Durations.format(target.timeout()) + " timeout",
                    target.timeout());
            return;
        }
        if (stuckNow) {
            stuckNow = false;
            LOG.debug("target={} the abandoned check returned; checking again", target.name());
        }
        AtomicBoolean decided = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        SharedProbe.Outcome[] atOnce = new SharedProbe.Outcome[1];
        long maxAge = recheckRequested ? 0 : maxAge();   // an operator's recheck wants a new probe
        recheckRequested = false;
        probe.request(maxAge, outcome -> {
            running.set(false);
            if (decided.compareAndSet(false, true)) {
                if (Thread.currentThread() == caller) {
                    atOnce[0] = outcome;   // a fresh shared result: no worker, no deadline to arm
                } else {
                    scheduler.execute(() -> answered(outcome));
                }
            }
        });
        if (atOnce[0] != null) {
            answered(atOnce[0]);
            return;
        }
        scheduler.schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                probe.abandon();
                timedOut();
            }
        }, deadline().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * How old a shared probe's result may be and still count as this target's check: a fifth of the
     * interval, twice the width of the default jitter (10 %) within which targets sharing a probe keep
     * their checks (they schedule from the probe's end, see {@link #scheduleNext}), plus room for a
     * late scheduler: so they share about one probe per interval. A target alone never reuses its own
     * result (its last one is an interval old).
     */
    private long maxAge() {
        return currentInterval().toNanos() / 5;
    }

    /** Runs on the scheduler thread: turns the probe's outcome into this target's verdict. */
    private void answered(SharedProbe.Outcome outcome) {
        Throwable e = outcome.error();
        if (e instanceof JdbcCheck.NoDriverException) {
            noDriver(e.getMessage());
            return;
        }
        String failure = null;
        if (e instanceof JdbcCheck.CredentialsRejected) {
            if (!credentialsReported) {
                credentialsReported = true;
                LOG.warn("target={} the database answers but rejects the check's credentials ({}); counted as UP: "
                        + "set watchdog.target.{}.user and .password", target.name(), e.getMessage(), target.name());
            }
        } else if (e != null && !isTimeout(e)) {
            failure = reason(e);
        }
        Duration took = outcome.took();
        if (isTimeout(e) || (failure == null && took.compareTo(target.timeout()) > 0)) {
            timedOut();
        } else {
            anchorNanos = outcome.finishedNanos();
            decide(failure == null, failure, took);
        }
    }

    /** The check's own client gave up waiting (socket read, HttpClient request timeout). */
    private static boolean isTimeout(Throwable e) {
        return e instanceof SocketTimeoutException || e instanceof java.net.http.HttpTimeoutException;
    }

    /** The first check's cut-off is generous (cold JVM); its own socket timeouts still apply. */
    private Duration deadline() {
        boolean first = health == Health.UNKNOWN && !firstTimeoutForgiven;
        return first && FIRST_CHECK_DEADLINE.compareTo(target.timeout()) > 0 ? FIRST_CHECK_DEADLINE : target.timeout();
    }

    /**
     * The very first check also pays for loading the driver or HTTP classes in a cold JVM: its
     * timeout (late success, or its client's own timeout) is forgiven once and the check repeated
     * at once, so a cold start is no outage.
     */
    private void timedOut() {
        if (health == Health.UNKNOWN && !firstTimeoutForgiven) {
            firstTimeoutForgiven = true;
            recheckRequested = true;   // a new probe: the shared result just read is this very timeout
            scheduler.execute(this::checkNow);
            return;
        }
        decide(false, "timed out after " + Durations.format(target.timeout()), target.timeout());
    }

    /** Runs on the scheduler thread: applies thresholds, reports a change, schedules the next check. */
    private void decide(boolean success, String reason, Duration latency) {
        if (stopped) {
            return;
        }
        boolean overrule = !success && callsSucceedSinceDoubt();
        Health before;
        Health after;
        synchronized (this) {
            before = health;
            after = overrule ? before : verdict(success);
            if (overrule) {
                failures = 0;   // the application's calls outweigh the check: counting starts again
            }
            lastCheck = Instant.now();
            lastLatency = latency;
            if (latency != null) {
                checks++;
                checkSeconds += latency.toNanos() / 1e9;
            }
            if (after != before) {
                health = after;
                source = Source.OWN;
                since = lastCheck;
                remember(new Transition(lastCheck, before, after, success ? "check passed" : reason));
            }
        }
        if (overrule) {
            if (overruled++ == 0) {
                LOG.info("target={} check failed ({}) but the application's calls to {} succeed within {}: not DOWN "
                        + "(said once until a check passes)", target.name(), reason, target.hosts(),
                        Durations.format(target.timeout()));
            }
            doubtSince = System.nanoTime();   // the next failure needs fresh evidence
        } else {
            doubt(!success && after != Health.DOWN);
        }
        quiet.probed(clear());
        if (after == Health.UP && stuckChecks > 0) {
            LOG.info("target={} {} check(s) ignored their timeout and were abandoned while it was not UP",
                    target.name(), stuckChecks);
            stuckChecks = 0;
        }
        if (after != Health.UNKNOWN) {
            shareWithFleet(before, after, success ? "check passed" : reason);
        }
        if (after != before) {
            try {
                listener.changed(target, before, after, success ? "check passed" : reason);
            } catch (Throwable e) {
                LOG.error("target={} listener failed: {}", target.name(), e.toString());
            }
        }
        scheduleNext();
    }

    /**
     * This member's own verdict goes to the fleet. A DOWN of its own that the fleet still contradicts once its
     * probers had time to see the outage too (an interval, a timeout and a second) is this member's alone (its
     * network, its DNS, its credentials): said once per such DOWN, and shown on the status surfaces.
     */
    private void shareWithFleet(Health before, Health after, String reason) {
        ProbeDuty d = duty.get();
        try {
            d.observed(target.name(), after == Health.UP, reason);
            if (after != Health.DOWN || source != Source.OWN) {
                alone = false;
                return;
            }
            Duration settled = target.interval().plus(target.timeout()).plusSeconds(1);
            if (!alone && Duration.between(since, Instant.now()).compareTo(settled) >= 0 && d.fleetSaysUp(target.name())) {
                alone = true;
                LOG.warn("target={} this member alone cannot reach it ({}): the fleet's probers say UP; its hosts stay open "
                        + "for this member only", target.name(), reason);
            }
        } catch (RuntimeException e) {
            LOG.debug("target={} the fleet could not take this member's verdict: {}", target.name(), e.toString());
        }
    }

    /** A failed check's hosts come into doubt (their calls start counting as evidence) until a check passes or the target is DOWN. */
    private void doubt(boolean inDoubt) {
        if (inDoubt && doubtSince == 0) {
            doubtSince = System.nanoTime();
            target.hosts().forEach(host -> Evidence.doubt(host, target.name(), target.timeout().toNanos()));
        } else if (!inDoubt && doubtSince != 0) {
            doubtSince = 0;
            target.hosts().forEach(host -> Evidence.clear(host, target.name()));
            if (overruled > 0 && health == Health.UP) {
                LOG.info("target={} check passes again; {} failed check(s) were overruled by the application's calls",
                        target.name(), overruled);
            }
            overruled = 0;
        }
    }

    /**
     * Whether, since this target's hosts came into doubt, one of the application's calls to them
     * succeeded within the check's timeout: a slow dependency (its calls take longer) is still DOWN.
     */
    private boolean callsSucceedSinceDoubt() {
        if (doubtSince == 0 || health == Health.DOWN) {
            return false;
        }
        for (String host : target.hosts()) {
            long at = Evidence.lastFastSuccess(host);
            if (at != 0 && at - doubtSince > 0) {
                return true;
            }
        }
        return false;
    }

    /** The last {@link #HISTORY} verdict changes, for the status surfaces; under the monitor's lock. */
    private void remember(Transition t) {
        history.addLast(t);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** Counts the result and applies the thresholds; under the monitor's lock. */
    private Health verdict(boolean success) {
        Health before = health;
        Health after = before;
        if (success) {
            failures = 0;
            successes++;
            if (before == Health.UNKNOWN || (before == Health.DOWN && successes >= target.healthyThreshold())) {
                after = Health.UP;
            }
        } else {
            successes = 0;
            failures++;
            if (before != Health.DOWN && failures >= target.unhealthyThreshold()) {
                after = Health.DOWN;
            }
        }
        return after;
    }

    private void noDriver(String message) {
        listener.driverMissing(target);
        if (!noDriverReported) {
            noDriverReported = true;
            LOG.warn("target={} {}; retrying every {}", target.name(), message, Durations.format(target.interval()));
        }
        scheduleNext();
    }

    /** A DOWN target waits its unhealthy interval; every delay is spread by the jitter. */
    private void scheduleNext() {
        long anchor = anchorNanos;
        anchorNanos = 0;
        if (!stopped) {
            long now = System.nanoTime();
            long elapsed = anchor == 0 ? 0 : Math.max(0, now - anchor);
            long delay = spread.applyAsLong(currentInterval().toNanos()) - elapsed;
            next = scheduler.schedule(this::scheduledCheck, Math.max(1, delay), TimeUnit.NANOSECONDS);
            if (quiet.watching()) {
                long fresh = Math.min(target.timeout().toNanos(), delay / 2);   // the evidence a skip may rest on
                scheduler.schedule(quiet::freshen, Math.max(1, delay - fresh), TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * An operator's "check now": the pending check runs at once instead of at its time. While a
     * check is already under way nothing more starts: its result is the answer.
     */
    void recheck() {
        scheduler.execute(() -> {
            ScheduledFuture<?> pending = next;
            if (!stopped && pending != null && pending.cancel(false)) {
                recheckRequested = true;
                checkNow();
            }
        });
    }

    /** A DOWN target, and one whose last check failed (to confirm or clear the doubt soon), wait the unhealthy interval. */
    private Duration currentInterval() {
        return health == Health.DOWN || failures > 0 ? target.unhealthyInterval() : target.interval();
    }

    SharedProbe probe() {
        return probe;
    }

    /** A short, human reason: "Connection refused", "timed out after 1s", "HTTP 503". */
    static String reason(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException && e.getMessage() != null) {
            return e.getMessage().replaceFirst(" \\(.*\\)$", "");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
