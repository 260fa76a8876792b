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
 * re-opens at once.
 */
final class HostBreaker {

    /** A breaker held open by a DOWN target waits for the target, not for a delay. */
    private static final Duration HELD = Duration.ofDays(365);

    private final String host;
    private final CircuitBreaker<Object> breaker;
    /** target name -> why it is DOWN; sorted so messages are stable. */
    private final Map<String, String> downTargets = new TreeMap<>();
    private final LongAdder rejected = new LongAdder();
    private volatile Instant since = Instant.now();

    HostBreaker(String host) {
        this.host = host;
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
        if (breaker.isOpen()) {
            Gate.open(host, message());   // refresh the reason the application sees
            return false;
        }
        breaker.open();
        return true;
    }

    /** @return true when this call closed the breaker */
    synchronized boolean release(String target) {
        if (downTargets.remove(target) == null || !downTargets.isEmpty() || breaker.isClosed()) {
            return false;
        }
        breaker.close();
        return true;
    }

    void countRejection() {
        rejected.increment();
    }

    String host() {
        return host;
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    Instant since() {
        return since;
    }

    long rejectedCalls() {
        return rejected.sum();
    }

    synchronized String reason() {
        return downTargets.isEmpty() ? "" : message();
    }

    private void opened() {
        since = Instant.now();
        Gate.open(host, message());
    }

    private void halfOpened() {
        since = Instant.now();
        synchronized (this) {
            if (!downTargets.isEmpty()) {
                breaker.open();
                return;
            }
        }
        Gate.close(host);
    }

    private void closed() {
        since = Instant.now();
        Gate.close(host);
    }

    private String message() {
        StringBuilder m = new StringBuilder("watchdog: circuit open for ").append(host).append(" (");
        boolean first = true;
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
