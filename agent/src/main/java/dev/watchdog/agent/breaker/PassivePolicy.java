package dev.watchdog.agent.breaker;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.config.Durations;
import java.time.Duration;

/**
 * How a breaker learns from the application's own connection failures: {@code failureThreshold}
 * failures within {@code failureWindow} open it; it half-opens after {@code delay} (doubled after
 * each failed trial, up to {@code maxDelay}, jitter ±20%) and lets {@code halfOpenCalls} trial calls through.
 */
public record PassivePolicy(int failureThreshold, Duration failureWindow, Duration delay, int halfOpenCalls,
                            Duration maxDelay) {

    public static final PassivePolicy DEFAULTS = of(AgentConfig.defaults());

    public static PassivePolicy of(AgentConfig config) {
        return new PassivePolicy(config.breakerFailureThreshold(), config.breakerFailureWindow(), config.breakerDelay(),
                config.breakerHalfOpenCalls(), config.breakerMaxDelay());
    }

    /** The open reason: "5 connection failures in 10s: Connection refused". */
    String openReason(String lastFailure) {
        return failureThreshold + " connection failure" + (failureThreshold == 1 ? "" : "s") + " in "
                + Durations.format(failureWindow) + ": " + lastFailure;
    }
}
