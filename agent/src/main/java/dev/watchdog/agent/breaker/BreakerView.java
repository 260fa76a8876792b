package dev.watchdog.agent.breaker;

import java.time.Instant;

/**
 * One breaker as the status surfaces show it.
 *
 * @param reason why it is open now; empty when closed
 * @param lastFailure the last DOWN verdict that held it ("target db is DOWN: Connection refused"); empty when none yet
 * @param lastFailureAt when that verdict came; null when none yet
 */
public record BreakerView(String host, BreakerState state, Instant since, String reason, long rejectedCalls,
                          String lastFailure, Instant lastFailureAt) {

    /** True when the gate rejects calls to this host. */
    public boolean open() {
        return state.rejects();
    }

    /** True while an operator's forced state overrides the health checks. */
    public boolean forced() {
        return state.forced();
    }
}
