package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Passive detection's reports: exit advice tells the outcome of a call, which ends the call's trial
 * permit on this thread and goes to the agent as a {@link GateEvents gate event}. A failure an inner
 * hook already reported (the same exception rethrown or wrapped by the client above, on this thread or
 * on the driver's own connect thread, as pgjdbc's with a login timeout) is not reported again: a refused
 * JDBC connect counts once. The walk down the cause chain compares identities only (no application
 * code runs) and is bounded (a cyclic chain cannot spin).
 */
final class CallOutcomes {

    static final int MAX_CAUSES = 16;
    /** The failures reported last, from any thread: a small ring, written lock-free. */
    private static final AtomicReferenceArray<WeakReference<Throwable>> RECENT = new AtomicReferenceArray<>(32);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private CallOutcomes() {
    }

    static void failed(Object call, Object target, Throwable thrown) {
        TrialPermits.callEnded();
        if (GateControl.listener == null || AgentWork.isCurrent() || alreadyReported(thrown)) {
            return;
        }
        RECENT.set(Math.floorMod(NEXT.getAndIncrement(), RECENT.length()), new WeakReference<>(thrown));
        GateEvents.failed(call, target, thrown);
    }

    static void succeeded(Object call, Object target) {
        TrialPermits.callEnded();
        if (GateControl.listener != null && !AgentWork.isCurrent()) {
            GateEvents.succeeded(call, target);
        }
    }

    private static boolean alreadyReported(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++) {
            for (int i = 0; i < RECENT.length(); i++) {
                WeakReference<Throwable> reported = RECENT.get(i);
                if (reported != null && reported.get() == t) {
                    return true;
                }
            }
            t = t.getCause();
        }
        return false;
    }
}
