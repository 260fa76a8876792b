package dev.watchdog.agent.breaker;

import dev.failsafe.CircuitBreaker;
import dev.watchdog.bootstrap.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The breaker of one {@code host:port}. Failsafe holds the state; every transition is pushed into
 * the {@link Gate} that advice reads. While any target covering the host is DOWN the breaker is
 * held open: Failsafe would half-open it after its delay, so a half-open with a DOWN target
 * re-opens at once. An operator may force it open or closed; a forced state wins over every
 * health verdict until released, and the verdicts keep being recorded meanwhile so that the
 * release lands on the state health says.
 */
final class HostBreaker {

    /** A breaker held open by a DOWN target waits for the target, not for a delay. */
    private static final Duration HELD = Duration.ofDays(365);

    enum Forced { OPEN, CLOSED }

    private final String host;
    private final BreakerListener listener;
    private final CircuitBreaker<Object> breaker;
    /** target name -> why it is DOWN; sorted so messages are stable. */
    private final Map<String, String> downTargets = new TreeMap<>();
    private final LongAdder rejected = new LongAdder();
    private volatile Instant since = Instant.now();
    private volatile Forced forced;
    private volatile String lastFailure = "";
    private volatile Instant lastFailureAt;
    /** The state last reported to the listener. */
    private String published = "CLOSED";

    HostBreaker(String host, BreakerListener listener) {
        this.host = host;
        this.listener = listener;
        this.breaker = CircuitBreaker.builder()
                .withDelay(HELD)
                .onOpen(e -> opened())
                .onHalfOpen(e -> halfOpened())
                .onClose(e -> closed())
                .build();
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
            Gate.open(host, message());   // refresh the reason the application sees
            return false;
        }
        breaker.open();
        return true;
    }

    /** @return true when this call closed the breaker */
    synchronized boolean release(String target) {
        if (downTargets.remove(target) == null || !downTargets.isEmpty() || forced != null || breaker.isClosed()) {
            return false;
        }
        breaker.close();
        return true;
    }

    /** Forces the breaker open or closed until {@link #unforce()}. @return the state before */
    synchronized String force(Forced state) {
        String before = state();
        forced = state;
        if (state == Forced.OPEN) {
            if (breaker.isOpen()) {
                Gate.open(host, message());
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
    synchronized String unforce() {
        String before = state();
        forced = null;
        if (downTargets.isEmpty()) {
            if (!breaker.isClosed()) {
                breaker.close();
            }
        } else if (breaker.isOpen()) {
            Gate.open(host, message());
        } else {
            breaker.open();
        }
        publish();
        return before;
    }

    void countRejection() {
        rejected.increment();
    }

    String host() {
        return host;
    }

    /** CLOSED, OPEN, HALF_OPEN, or FORCED_OPEN / FORCED_CLOSED while an operator overrides it. */
    String state() {
        Forced f = forced;
        return f != null ? "FORCED_" + f.name() : breaker.getState().name();
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
        return downTargets.isEmpty() || forced == Forced.CLOSED ? "" : message();
    }

    private void opened() {
        Gate.open(host, message());
        publish();
    }

    private void halfOpened() {
        synchronized (this) {
            if (forced == Forced.OPEN || !downTargets.isEmpty()) {
                breaker.open();
                return;
            }
        }
        Gate.close(host);
        publish();
    }

    private void closed() {
        Gate.close(host);
        publish();
    }

    /** Reports a change of the visible state once; reentrant from Failsafe's callbacks. */
    private synchronized void publish() {
        String now = state();
        if (now.equals(published)) {
            return;
        }
        String before = published;
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
        return m.append(')').toString();
    }
}
