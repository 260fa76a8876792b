package dev.watchdog.agent.health;

import java.time.Instant;

/** One change of a target's verdict, kept in the target's short history for the status surfaces. */
public record Transition(Instant at, Health from, Health to, String reason) {
}
