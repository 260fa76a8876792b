package dev.watchdog.bootstrap;

/**
 * Zero-config mode: while on, connect-level advice reports every host it sees (as a gate event)
 * so that the agent learns which hosts the application calls.
 */
final class Discovery {

    static volatile boolean on;

    private Discovery() {
    }

    static void seen(String hostKey) {
        if (on && !AgentWork.isCurrent()) {
            GateEvents.seen(hostKey);
        }
    }
}
