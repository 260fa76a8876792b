package dev.watchdog.agent.breaker;

import dev.watchdog.agent.gate.GateAccess;
import dev.failsafe.CircuitBreaker;
import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.GateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.tinylog.TaggedLogger;

/**
 * The breaker of one {@code host:port}. Failsafe holds the state; every transition is pushed into
 * the {@link Gate} that advice reads. While any target covering the host is DOWN the breaker is
 * held open: Failsafe would half-open it after its delay, so a half-open with a DOWN target
 * re-opens at once. An operator may force it open or closed; a forced state wins over every
 * health verdict until released, and the verdicts keep being recorded meanwhile so that the
 * release lands on the state health says.
 *
 * <p>Passive detection: the application's own connection failures ({@link #failure}) count toward
 * opening it (Failsafe's time-based failure threshold). A passively opened breaker half-opens after
 * its {@link Backoff} delay, on the agent's timer: Failsafe applies a delay function only to
 * executions it runs itself, never to {@code record*} calls, so the delay is kept here and
 * Failsafe's own delay is never reached. While half-open, the gate lets {@code half-open-calls}
 * trial calls through (the gate hands out its permits); a success closes it, failures reopen it with the delay
 * doubled. A DOWN target or a forced state wins over all of it.
 */
final class HostBreaker {

    private static final TaggedLogger LOG = AgentLog.of("breaker");
    private static final GateControl GATE = GateAccess.control();
    /** A breaker held open by a DOWN target waits for the target, not for a delay. */
    private static final Duration HELD = Duration.ofDays(365);

    enum Forced { OPEN, CLOSED }

    private final String host;
    private final BreakerListener listener;
    /** Replaced (closed, counting from zero) when a reload's policy is taken: see {@link #reconfigure}. */
    private volatile CircuitBreaker<Object> breaker;
    /** target name -> why it is DOWN; sorted so messages are stable. */
    private final Map<String, String> downTargets = new TreeMap<>();
    private final LongAdder rejected = new LongAdder();
    private volatile Instant since = Instant.now();
    private volatile Forced forced;
    private volatile String lastFailure = "";
    private volatile Instant lastFailureAt;
    /** The state last reported to the listener. */
    private BreakerState published = BreakerState.CLOSED;
    private PassivePolicy policy;
    /** A reload's policy, taken when the breaker is next closed; null when none waits. */
    private PassivePolicy nextPolicy;
    private final ScheduledExecutorService timer;
    private Backoff backoff;
    /** Why the application's own failures opened it; null unless passively opened (or half-open). */
    private String passiveReason;
    /** Half-open (or the permits' expiry) scheduled on the timer; null when none. */
    private ScheduledFuture<?> pending;
    /** Re-arming trial permits (open, then half-open again): no state change to show. */
    private boolean rearming;
    /** What the next close is for, shown in the passive CLOSED line. */
    private String closing = "closed";

    HostBreaker(String host, BreakerListener listener) {
        this(host, listener, PassivePolicy.DEFAULTS, null);
    }

    /** @param timer runs passive half-opens; null: passive detection off for this breaker */
    HostBreaker(String host, BreakerListener listener, PassivePolicy policy, ScheduledExecutorService timer) {
        this.host = host;
        this.listener = listener;
        this.timer = timer;
        arm(policy);
    }

    /** The breaker follows {@code policy} from now on: a fresh Failsafe breaker, closed, counting from zero. */
    private void arm(PassivePolicy policy) {
        this.policy = policy;
        this.nextPolicy = null;
        this.backoff = new Backoff(policy.delay(), policy.maxDelay(), () -> ThreadLocalRandom.current().nextDouble());
        this.breaker = CircuitBreaker.builder()
                .withDelay(HELD)
                .withFailureThreshold(policy.failureThreshold(), policy.failureWindow())
                .withSuccessThreshold(1, policy.halfOpenCalls())
                .onOpen(e -> opened())
                .onHalfOpen(e -> halfOpened())
                .onClose(e -> closed())
                .build();
    }

    /**
     * A reload's passive settings: taken now when the breaker is closed, else when it next closes, so an
     * open or half-open cycle ends by the rules it started with.
     */
    synchronized void reconfigure(PassivePolicy next) {
        if (timer == null || next.equals(policy)) {
            return;
        }
        if (breaker.isClosed()) {
            arm(next);
        } else {
            nextPolicy = next;
        }
    }

    PassivePolicy policy() {
        return policy;
    }

    /**
     * A connection-level failure of an application call to this host (passive detection).
     * Counted only while nothing else decides the state: not while forced or held by a DOWN target.
     */
    synchronized void failure(String reason) {
        lastFailure = "connection failure: " + reason;
        lastFailureAt = Instant.now();
        if (timer == null || forced != null || !downTargets.isEmpty()) {
            return;
        }
        if (breaker.isHalfOpen()) {
            backoff.trialFailed();
            passiveReason = "trial call failed: " + reason;
            breaker.recordFailure();   // reopens once every trial permit has failed
        } else if (breaker.isClosed()) {
            passiveReason = policy.openReason(reason);   // the message in case this failure opens it
            breaker.recordFailure();
            if (breaker.isClosed()) {
                passiveReason = null;
            }
        }
    }

    /** A call to this host succeeded while it was half-open: the trial closes it. */
    synchronized void success() {
        if (forced == null && downTargets.isEmpty() && breaker.isHalfOpen()) {
            closing = "trial call succeeded";
            breaker.recordSuccess();
        }
    }

    /** @return true when this call opened the breaker */
    synchronized boolean hold(String target, String reason) {
        downTargets.put(target, reason);
        lastFailure = "target " + target + " is DOWN: " + reason;
        lastFailureAt = Instant.now();
        if (forced == Forced.CLOSED) {
            return false;
        }
        if (breaker.isOpen()) {
            GATE.open(host, message());   // refresh the reason the application sees
            return false;
        }
        breaker.open();
        return true;
    }

    /** @return true when this call closed the breaker */
    synchronized boolean release(String target) {
        boolean held = downTargets.remove(target) != null;
        if (!(held || passiveReason != null) || !downTargets.isEmpty() || forced != null || breaker.isClosed()) {
            return false;   // an UP verdict closes a passively opened breaker at once, too
        }
        closing = "target " + target + " is UP";
        breaker.close();
        return true;
    }

    /** Forces the breaker open or closed until {@link #unforce()}. @return the state before */
    synchronized BreakerState force(Forced state) {
        BreakerState before = state();
        forced = state;
        if (state == Forced.OPEN) {
            if (breaker.isOpen()) {
                GATE.open(host, message());
            } else {
                breaker.open();
            }
        } else if (!breaker.isClosed()) {
            breaker.close();
        }
        publish();
        return before;
    }

    /** Ends a forced state: the breaker goes to what the health verdicts say. @return the state before */
    synchronized BreakerState unforce() {
        BreakerState before = state();
        forced = null;
        if (downTargets.isEmpty()) {
            if (!breaker.isClosed()) {
                breaker.close();
            }
        } else if (breaker.isOpen()) {
            GATE.open(host, message());
        } else {
            breaker.open();
        }
        publish();
        return before;
    }

    void countRejections(long calls) {
        rejected.add(calls);
    }

    String host() {
        return host;
    }

    /** CLOSED, OPEN, HALF_OPEN, or FORCED_OPEN / FORCED_CLOSED while an operator overrides it. */
    BreakerState state() {
        Forced f = forced;
        return f != null ? BreakerState.valueOf("FORCED_" + f.name()) : BreakerState.valueOf(breaker.getState().name());
    }

    Instant since() {
        return since;
    }

    long rejectedCalls() {
        return rejected.sum();
    }

    String lastFailure() {
        return lastFailure;
    }

    Instant lastFailureAt() {
        return lastFailureAt;
    }

    synchronized String reason() {
        if (forced == Forced.OPEN) {
            return message();
        }
        return (downTargets.isEmpty() && passiveReason == null) || forced == Forced.CLOSED ? "" : message();
    }

    private synchronized void opened() {
        GATE.open(host, message());
        if (rearming) {
            return;
        }
        if (passiveReason != null && forced == null && downTargets.isEmpty()) {
            Duration delay = backoff.next();
            schedule(this::halfOpenNow, delay);
            LOG.info("host={} state=OPEN reason=\"{}\" passive=true half-open-in={}", host, AgentLog.quoted(passiveReason),
                    Durations.format(delay));
        }
        publish();
    }

    /** The passive delay is over: let trial calls through, unless something else holds it open now. */
    private synchronized void halfOpenNow() {
        pending = null;
        if (passiveReason != null && forced == null && downTargets.isEmpty() && breaker.isOpen()) {
            breaker.halfOpen();
        }
    }

    private synchronized void halfOpened() {
        if (forced == Forced.OPEN || !downTargets.isEmpty() || passiveReason == null) {
            breaker.open();
            return;
        }
        GATE.halfOpen(host, message(), policy.halfOpenCalls());
        // A trial whose outcome no hook sees (an async call) would hold its permit forever: after a
        // failure window without an outcome the permits are handed out again.
        schedule(this::rearm, policy.failureWindow().compareTo(policy.delay()) > 0 ? policy.failureWindow() : policy.delay());
        if (!rearming) {
            LOG.info("host={} state=HALF_OPEN reason=\"{}\" passive=true trial-calls={}", host, AgentLog.quoted(passiveReason),
                    policy.halfOpenCalls());
            publish();
        }
    }

    private synchronized void rearm() {
        pending = null;
        if (breaker.isHalfOpen() && forced == null && downTargets.isEmpty()) {
            rearming = true;
            try {
                breaker.open();
                breaker.halfOpen();
            } finally {
                rearming = false;
            }
        }
    }

    private synchronized void closed() {
        GATE.close(host);
        cancelPending();
        if (passiveReason != null) {
            LOG.info("host={} state=CLOSED reason=\"{}\" passive=true", host, AgentLog.quoted(closing));
            passiveReason = null;
        }
        closing = forced == Forced.CLOSED ? "forced closed by an operator" : "closed";
        backoff.reset();
        publish();
        if (nextPolicy != null) {
            arm(nextPolicy);   // Failsafe has closed the old one already: it is dropped
        }
    }

    private void schedule(Runnable task, Duration delay) {
        cancelPending();
        if (timer != null) {
            pending = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Reports a change of the visible state once; reentrant from Failsafe's callbacks. */
    private synchronized void publish() {
        BreakerState now = state();
        if (now == published) {
            return;
        }
        BreakerState before = published;
        published = now;
        since = Instant.now();
        if (listener != null) {
            listener.changed(host, before, now, reason());
        }
    }

    private String message() {
        StringBuilder m = new StringBuilder("watchdog: circuit open for ").append(host).append(" (");
        boolean first = true;
        if (forced == Forced.OPEN) {
            m.append("forced open by an operator");
            first = false;
        }
        for (Map.Entry<String, String> e : downTargets.entrySet()) {
            if (!first) {
                m.append("; ");
            }
            first = false;
            m.append("target ").append(e.getKey()).append(" is DOWN: ").append(e.getValue());
        }
        if (passiveReason != null) {
            m.append(first ? "" : "; ").append(passiveReason);
        }
        return m.append(')').toString();
    }
}
