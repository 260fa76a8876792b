package dev.watchdog.agent.breaker;

import java.time.Instant;

/** One breaker as the status surfaces show it. */
public record BreakerView(String host, String state, Instant since, String reason, long rejectedCalls) {
}
