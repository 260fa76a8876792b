package dev.watchdog.bootstrap;

/** The gate's switches for this test JVM: claimed once, as the agent claims them once. */
final class TestControl {

    static final GateControl GATE = GateControl.claim();

    private TestControl() {
    }

    /** Waits until the agent's side has every event queued so far. */
    static void delivered() {
        if (!GateEvents.flush(5_000)) {
            throw new AssertionError("gate events not delivered within 5 s");
        }
    }
}
