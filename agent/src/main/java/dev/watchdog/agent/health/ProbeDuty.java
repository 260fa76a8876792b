package dev.watchdog.agent.health;

/**
 * Whether this JVM probes a target itself, or another member of its fleet does it for everyone (fleet mode).
 * Called on the pinger's threads: implementations answer from memory, never wait on I/O.
 */
public interface ProbeDuty {

    /** Alone: every target is probed here, as without a fleet. */
    ProbeDuty SOLO = new ProbeDuty() {
        @Override
        public boolean mustProbe(String target) {
            return true;
        }

        @Override
        public void observed(String target, boolean up, String reason) {
        }

        @Override
        public boolean fleetSaysUp(String target) {
            return false;
        }
    };

    /** Whether this member probes the target at its scheduled time (one of its probers, or the fleet is unavailable). */
    boolean mustProbe(String target);

    /** This member's own verdict, decided from its own probes (a prober shares it with the fleet). */
    void observed(String target, boolean up, String reason);

    /** Whether a quorum of the target's probers says UP: this member's own DOWN then means it alone cannot reach it. */
    boolean fleetSaysUp(String target);
}
