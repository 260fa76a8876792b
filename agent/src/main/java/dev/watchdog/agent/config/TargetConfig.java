package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.List;

/**
 * One health-checked dependency.
 *
 * @param check the check URL as configured (may contain secrets: log {@link #safeCheck()})
 * @param hosts host keys whose calls fail fast while the target is DOWN
 * @param user null when not configured
 * @param password null when not configured; never shown
 */
public record TargetConfig(String name, CheckKind kind, String check, List<String> hosts,
                           Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
                           String user, String password) {

    public TargetConfig {
        hosts = List.copyOf(hosts);
    }

    /** The check with secrets masked (Secrets.redact), for logs and status. */
    public String safeCheck() {
        return Secrets.redact(check);
    }

    /** Never contains the password or any secret in the check URL. */
    @Override
    public String toString() {
        return "TargetConfig[name=" + name + ", kind=" + kind + ", check=" + safeCheck() + ", hosts=" + hosts
                + ", interval=" + Durations.format(interval) + ", timeout=" + Durations.format(timeout)
                + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
                + ", user=" + user + ", password=" + (password == null ? null : Secrets.MASK) + "]";
    }
}
