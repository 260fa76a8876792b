package dev.watchdog.agent.health;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.config.TargetConfig;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.TaggedLogger;

/**
 * Checks one target, one check at a time: the next check is scheduled only once the previous one
 * has answered or been cut off at its timeout, so a hung dependency never piles up threads.
 * The verdict changes only after the configured number of consecutive failures or successes.
 */
final class TargetMonitor {

    private static final TaggedLogger LOG = dev.watchdog.agent.log.AgentLog.of("health");

    private static final Duration FIRST_CHECK_DEADLINE = Duration.ofSeconds(5);

    private final TargetConfig target;
    private final Check check;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final HealthListener listener;

    private volatile Health health = Health.UNKNOWN;
    private int failures;
    private int successes;
    /** Set while a check occupies a worker, even past its timeout (a driver stuck in native I/O). */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private boolean noDriverReported;
    private volatile boolean credentialsReported;
    private boolean firstTimeoutForgiven;

    TargetMonitor(TargetConfig target, Check check, ScheduledExecutorService scheduler,
                  ExecutorService workers, HealthListener listener) {
        this.target = target;
        this.check = check;
        this.scheduler = scheduler;
        this.workers = workers;
        this.listener = listener;
    }

    void start() {
        scheduler.execute(this::checkNow);
    }

    void stop() {
        stopped = true;
    }

    Health health() {
        return health;
    }

    TargetConfig target() {
        return target;
    }

    /** Runs on the scheduler thread: hands the check to a worker and arms its deadline. */
    private void checkNow() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            // the previous check is still stuck past its deadline: count it, start nothing new
            decide(false, "previous check still running past its " + Durations.format(target.timeout()) + " timeout");
            return;
        }
        AtomicBoolean decided = new AtomicBoolean();
        long started = System.nanoTime();
        Future<?> future = workers.submit(() -> {
            String failure = null;
            try {
                check.run(target.timeout());
            } catch (JdbcCheck.NoDriverException e) {
                running.set(false);
                if (decided.compareAndSet(false, true)) {
                    scheduler.execute(() -> noDriver(e.getMessage()));
                }
                return;
            } catch (JdbcCheck.CredentialsRejected e) {
                if (!credentialsReported) {
                    credentialsReported = true;
                    LOG.warn("target={} the database answers but rejects the check's credentials ({}); counted as UP: "
                            + "set watchdog.target.{}.user and .password", target.name(), e.getMessage(), target.name());
                }
            } catch (SocketTimeoutException e) {
                failure = "timed out after " + Durations.format(target.timeout());
            } catch (Throwable e) {
                failure = reason(e);
            } finally {
                running.set(false);
            }
            if (decided.compareAndSet(false, true)) {
                boolean late = System.nanoTime() - started > target.timeout().toNanos();
                String verdict = failure;
                scheduler.execute(() -> {
                    if (verdict == null && late) {
                        timedOut();
                    } else {
                        decide(verdict == null, verdict);
                    }
                });
            }
        });
        scheduler.schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                future.cancel(true);
                timedOut();
            }
        }, deadline().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The first check's cut-off is generous (cold JVM); its own socket timeouts still apply. */
    private Duration deadline() {
        boolean first = health == Health.UNKNOWN && !firstTimeoutForgiven;
        return first && FIRST_CHECK_DEADLINE.compareTo(target.timeout()) > 0 ? FIRST_CHECK_DEADLINE : target.timeout();
    }

    /**
     * The very first check also pays for loading the driver or HTTP classes in a cold JVM: its
     * timeout is forgiven once and the check repeated at once, so a cold start is no outage.
     */
    private void timedOut() {
        if (health == Health.UNKNOWN && !firstTimeoutForgiven) {
            firstTimeoutForgiven = true;
            scheduler.execute(this::checkNow);
            return;
        }
        decide(false, "timed out after " + Durations.format(target.timeout()));
    }

    /** Runs on the scheduler thread: applies thresholds, reports a change, schedules the next check. */
    private void decide(boolean success, String reason) {
        if (stopped) {
            return;
        }
        Health before = health;
        Health after = before;
        if (success) {
            failures = 0;
            successes++;
            if (before == Health.UNKNOWN || (before == Health.DOWN && successes >= target.healthyThreshold())) {
                after = Health.UP;
            }
        } else {
            successes = 0;
            failures++;
            if (before != Health.DOWN && failures >= target.unhealthyThreshold()) {
                after = Health.DOWN;
            }
        }
        if (after != before) {
            health = after;
            try {
                listener.changed(target, before, after, success ? "check passed" : reason);
            } catch (Throwable e) {
                LOG.error("target={} listener failed: {}", target.name(), e.toString());
            }
        }
        scheduleNext();
    }

    private void noDriver(String message) {
        if (!noDriverReported) {
            noDriverReported = true;
            LOG.warn("target={} {}; retrying every {}", target.name(), message, Durations.format(target.interval()));
        }
        scheduleNext();
    }

    private void scheduleNext() {
        if (!stopped) {
            scheduler.schedule(this::checkNow, target.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A short, human reason: "Connection refused", "timed out after 1s", "HTTP 503". */
    static String reason(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException && e.getMessage() != null) {
            return e.getMessage().replaceFirst(" \\(.*\\)$", "");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
