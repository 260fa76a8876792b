package dev.watchdog.agent.integrations;

import dev.watchdog.agent.config.AgentConfig;
import dev.watchdog.agent.status.StatusSource;

/**
 * What an integration (a class of {@code dev.watchdog.integration.*}, defined in the application's loader by
 * {@link IntegrationLoader}) is given of the agent. Its methods never throw and never block.
 */
public interface IntegrationSupport {

    /** The agent's status, or null while the agent is still starting. */
    StatusSource status();

    /** The running configuration (reloads included). */
    AgentConfig config();

    /** The target's last verdict: UNKNOWN, UP or DOWN (UNKNOWN for a target never checked). */
    String health(String target);

    /** Told after every change of a target's verdict (target and its health) or of a breaker (target null). */
    void onChange(ChangeListener listener);

    /** One line of the agent's log, component {@code integration}. */
    void info(String message);

    void warn(String message);

    /** A change the agent saw; runs on the agent's threads, must return at once. */
    @FunctionalInterface
    interface ChangeListener {
        /** @param target the target whose verdict changed, null when only breakers or the configuration did */
        void changed(String target, String health);
    }
}
