package dev.watchdog.agent.health;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.config.TargetConfig;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Runs a target's check once, the way the pinger would, for the command line's {@code check}.
 * The caller bounds the wall time: a driver stuck in native I/O can outlive the timeout.
 */
public final class CheckRunner {

    /** @param reason why it failed, or a note on a pass (credentials rejected); empty otherwise */
    public record Result(boolean up, Duration latency, String reason) {
    }

    private CheckRunner() {
    }

    /** @param drivers null, or a loader whose JDBC drivers a jdbc check tries first ({@code check --classpath}) */
    public static Result runOnce(TargetConfig target, ClassLoader drivers) {
        long started = System.nanoTime();
        try {
            Checks.of(target, drivers).run(target.timeout());
            return new Result(true, since(started), "");
        } catch (JdbcCheck.CredentialsRejected e) {
            return new Result(true, since(started), "server answers but rejects the check's credentials");
        } catch (SocketTimeoutException e) {
            return new Result(false, since(started), "timed out after " + Durations.format(target.timeout()));
        } catch (Throwable e) {
            return new Result(false, since(started), TargetMonitor.reason(e));
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
