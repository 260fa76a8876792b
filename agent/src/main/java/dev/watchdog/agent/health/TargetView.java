package dev.watchdog.agent.health;

import dev.watchdog.agent.config.CheckKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One target as the status surfaces show it: read-only, secrets already masked.
 *
 * @param check the check URL with secrets masked
 * @param since when the current verdict began (the pinger's start for UNKNOWN)
 * @param lastLatency how long the last check took, null before the first; the timeout for a check cut off
 * @param discovered true for an implicit target found from the application's own calls
 * @param transitions the last verdict changes, oldest first
 * @param lastCheck when the last check was decided (the last real probe: a skipped one is no check), null before the first
 * @param checks how many checks were decided; with {@code checkSeconds}, their total duration
 * @param source where the verdict came from: own (this JVM's probes) or quorum (the fleet's probers)
 * @param alone DOWN by this member's own probes while the fleet says UP
 * @param leftToFleet scheduled checks not made here because another member of the fleet probes the target
 * @param probesSkipped scheduled checks skipped because the application's own calls to the hosts succeeded
 */
public record TargetView(String name, CheckKind kind, String check, List<String> hosts, Health health, Instant since,
                         Instant lastCheck, Duration lastLatency, int consecutiveFailures, int consecutiveSuccesses,
                         boolean discovered, List<Transition> transitions, long checks, double checkSeconds,
                         String source, boolean alone, long leftToFleet, long probesSkipped) {

    public TargetView {
        hosts = List.copyOf(hosts);
        transitions = List.copyOf(transitions);
    }
}
