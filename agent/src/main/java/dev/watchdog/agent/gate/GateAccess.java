package dev.watchdog.agent.gate;

import dev.watchdog.bootstrap.GateControl;

/**
 * The agent's one handle on the gate's switches, claimed the first time the agent needs it. The
 * agent's loader is its own, so application code cannot reach this class to switch the gate.
 */
public final class GateAccess {

    private static GateControl control;

    private GateAccess() {
    }

    /** @throws IllegalStateException when other code in this JVM claimed the gate first */
    public static synchronized GateControl control() {
        if (control == null) {
            control = GateControl.claim();
        }
        return control;
    }
}
