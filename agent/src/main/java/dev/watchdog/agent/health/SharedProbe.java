package dev.watchdog.agent.health;

import dev.watchdog.bootstrap.AgentWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One check shared by every target that checks the same thing the same way (see {@link ProbeKey}):
 * many targets pointing at a few {@code host:port}s cost a few probes, not one per target (the
 * sockets themselves are the health checks' CPU). A request joins the probe in flight, or takes
 * a result that is fresh enough, or starts a probe on a worker. Each target still applies its own
 * thresholds and deadline to the outcome.
 *
 * <p>Every requester's callback is called once, when the probe ends, even if the requester gave up
 * waiting ({@link #abandon}): it tells the requester its check is no longer running. The probe is
 * interrupted only when every requester has given up.
 */
final class SharedProbe {

    /** What one probe found: {@code error} null when healthy; times from {@link System#nanoTime()}. */
    record Outcome(Throwable error, long startedNanos, long finishedNanos) {

        Duration took() {
            return Duration.ofNanos(finishedNanos - startedNanos);
        }
    }

    private final Check check;
    private final Duration timeout;
    private final ExecutorService workers;

    // guarded by this
    private List<Consumer<Outcome>> waiters;   // non-null while a probe runs
    private int interested;                    // waiters that have not given up
    private Thread runner;                     // the worker running the probe, once it started
    private Outcome last;
    /** Targets using this probe (see HealthPinger): it is dropped at zero. */
    private int users;

    SharedProbe(Check check, Duration timeout, ExecutorService workers) {
        this.check = check;
        this.timeout = timeout;
        this.workers = workers;
    }

    /**
     * Calls {@code callback} with a result at most {@code maxAgeNanos} old at once (on this thread), or
     * once the probe in flight, or a new one, ends (on the worker).
     */
    void request(long maxAgeNanos, Consumer<Outcome> callback) {
        Outcome fresh;
        synchronized (this) {
            fresh = last;
            if (waiters == null && (fresh == null || System.nanoTime() - fresh.finishedNanos() > maxAgeNanos)) {
                waiters = new ArrayList<>();
                workers.execute(this::probe);
            }
            if (waiters != null) {
                waiters.add(callback);
                interested++;
                return;
            }
        }
        callback.accept(fresh);
    }

    /** A requester stopped waiting (its deadline passed): the probe is interrupted once nobody waits. */
    synchronized void abandon() {
        if (waiters != null && --interested <= 0 && runner != null) {
            runner.interrupt();
        }
    }

    synchronized int acquire() {
        return ++users;
    }

    synchronized int release() {
        return --users;
    }

    private void probe() {
        synchronized (this) {
            runner = Thread.currentThread();
        }
        long started = System.nanoTime();
        Throwable error = null;
        try (AgentWork.Scope ours = AgentWork.begin()) {   // threads the check's client starts are ours too
            check.run(timeout);
        } catch (Throwable e) {
            error = e;
        }
        Outcome outcome = new Outcome(error, started, System.nanoTime());
        List<Consumer<Outcome>> done;
        synchronized (this) {
            runner = null;
            last = outcome;
            done = waiters;
            waiters = null;
            interested = 0;
        }
        Thread.interrupted();   // an abandon that came too late must not reach the worker's next task
        for (Consumer<Outcome> callback : done) {
            try {
                callback.accept(outcome);
            } catch (RuntimeException e) {
                // the scheduler is shutting down: the other requesters still hear of the end
            }
        }
    }
}
