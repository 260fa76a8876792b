package dev.watchdog.agent.breaker;

/**
 * Told of every change of a breaker's visible state (CLOSED, OPEN, HALF_OPEN, FORCED_OPEN,
 * FORCED_CLOSED), synchronously on the thread that changed it, while the breaker is locked:
 * implementations must only hand the event off, never block or call back into the breakers.
 */
public interface BreakerListener {

    void changed(String host, String from, String to, String reason);
}
