package dev.watchdog.agent.breaker;

/**
 * Told of every change of a breaker's visible {@link BreakerState}, synchronously on the thread that changed it, while the breaker is locked:
 * implementations must only hand the event off, never block or call back into the breakers.
 */
public interface BreakerListener {

    void changed(String host, BreakerState from, BreakerState to, String reason);
}
