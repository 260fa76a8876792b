package dev.watchdog.bootstrap;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trial calls of half-open hosts. A permit belongs to one call: it is taken lock-free when the
 * call starts and let go when that call's exit runs, whatever the outcome, so a thread never carries
 * it to its next call. A permit whose call never reports (an async call whose outcome no hook sees) is
 * not handed back at once (that would let every async call through as a trial): the breaker re-arms
 * the host's trial after a failure window, with a new {@link Trial}, and a stale one is never honoured.
 */
final class TrialPermits {

    /** One half-open episode of a host: the message its other calls get, and the permits left. */
    static final class Trial {
        final String message;
        final AtomicInteger left;

        Trial(String message, int permits) {
            this.message = message;
            this.left = new AtomicInteger(permits);
        }
    }

    /** The trial this thread's current call holds: the same call's nested hooks need no second permit. */
    private static final ThreadLocal<Trial> HELD = new ThreadLocal<>();

    private TrialPermits() {
    }

    /** @return true when the call may go through as a trial of this episode */
    static boolean tryTake(Trial trial) {
        if (HELD.get() == trial) {
            return true;
        }
        for (int n = trial.left.get(); n > 0; n = trial.left.get()) {
            if (trial.left.compareAndSet(n, n - 1)) {
                HELD.set(trial);
                return true;
            }
        }
        return false;
    }

    /** The call's exit ran: the thread holds no permit any more. */
    static void callEnded() {
        HELD.remove();
    }
}
