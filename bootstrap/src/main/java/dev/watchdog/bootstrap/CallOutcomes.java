package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;

/**
 * Passive detection's reports: exit advice tells the outcome of a call, which ends the call's trial
 * permit on this thread and goes to the agent as a {@link GateEvents gate event}. A failure an inner
 * hook already reported on this thread (the same exception rethrown or wrapped by the client above) is
 * not reported again; the walk down the cause chain compares identities only (no application code
 * runs) and is bounded (a cyclic chain cannot spin).
 */
final class CallOutcomes {

    static final int MAX_CAUSES = 16;
    /** The failure last reported on this thread. */
    private static final ThreadLocal<WeakReference<Throwable>> REPORTED = new ThreadLocal<>();

    private CallOutcomes() {
    }

    static void failed(Object call, Object target, Throwable thrown) {
        TrialPermits.callEnded();
        if (GateControl.listener == null || AgentWork.isCurrent() || alreadyReported(thrown)) {
            return;
        }
        REPORTED.set(new WeakReference<>(thrown));
        GateEvents.failed(call, target, thrown);
    }

    static void succeeded(Object call, Object target) {
        TrialPermits.callEnded();
        if (GateControl.listener != null && !AgentWork.isCurrent()) {
            GateEvents.succeeded(call, target);
        }
    }

    private static boolean alreadyReported(Throwable thrown) {
        WeakReference<Throwable> last = REPORTED.get();
        Throwable reported = last == null ? null : last.get();
        if (reported == null) {
            return false;
        }
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++) {
            if (t == reported) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
