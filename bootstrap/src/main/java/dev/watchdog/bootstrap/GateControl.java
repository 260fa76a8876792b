package dev.watchdog.bootstrap;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What switches the gate: breaker states, observe mode, discovery and the agent's listener. The gate
 * is on the boot class path, visible to every class, so its switches are not static: they belong to
 * the one instance {@link #claim()} hands out, once per JVM, to the agent as it starts. Application
 * code that asks later gets an exception and cannot open, close or switch off anything.
 */
public final class GateControl {

    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    /** Null until the agent starts. */
    static volatile GateListener listener;

    private GateControl() {
    }

    /** @throws IllegalStateException when the gate's control was handed out already */
    public static GateControl claim() {
        if (!CLAIMED.compareAndSet(false, true)) {
            throw new IllegalStateException("the watchdog gate is controlled by the agent already");
        }
        return new GateControl();
    }

    public void open(String hostKey, String message) {
        OpenHosts.open(hostKey, message);
    }

    /** Half-open: {@code trialCalls} calls go through as trials; the rest get the message. */
    public void halfOpen(String hostKey, String message, int trialCalls) {
        OpenHosts.halfOpen(hostKey, message, trialCalls);
    }

    public void close(String hostKey) {
        OpenHosts.close(hostKey);
    }

    /** Observe-only mode (false) counts would-be rejections but lets every call through. */
    public void setEnforcing(boolean enforce) {
        ObserveMode.enforcing = enforce;
    }

    /** Zero-config mode: report every host connect-level advice sees to {@link GateListener#seen}. */
    public void setDiscovering(boolean on) {
        Discovery.on = on;
        Gate.activeChanged();
    }

    /** The agent's side of the gate; null when the agent stops. Its events arrive on {@code watchdog-gate-events}. */
    public void setListener(GateListener newListener) {
        listener = newListener;
        if (newListener != null) {
            GateEvents.startDelivery();
        }
    }
}
