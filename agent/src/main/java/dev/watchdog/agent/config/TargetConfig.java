package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One health-checked dependency.
 *
 * @param check the check URL as configured (may contain secrets: log {@link #safeCheck()})
 * @param hosts host keys whose calls fail fast while the target is DOWN
 * @param user null when not configured
 * @param password null when not configured; never shown
 * @param unhealthyInterval the check interval while DOWN or after a failed check (when not configured: the interval, at most 500 ms)
 * @param expectStatus http checks: accepted statuses
 * @param headers http checks: request headers, sorted by name; values may be secret, never shown
 * @param query jdbc checks: the query to run, null for {@code Connection.isValid}
 * @param maxQuiet how long the target may go without a check while the application's calls to its hosts
 *                 succeed within its timeout; {@link Duration#ZERO} (also for null): checked every interval
 */
public record TargetConfig(String name, CheckKind kind, String check, List<String> hosts,
                           Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
                           String user, String password,
                           Duration unhealthyInterval, StatusRanges expectStatus, Map<String, String> headers, String query,
                           Duration maxQuiet) {

    /**
     * A DOWN target's check interval unless configured: short, so that calls resume within a second of
     * the dependency's return (rejected calls also ask for a check at once), cheap (one probe to one host).
     */
    public static final Duration UNHEALTHY_INTERVAL = Duration.ofMillis(500);

    public TargetConfig {
        hosts = List.copyOf(hosts);
        unhealthyInterval = unhealthyInterval == null || unhealthyInterval.isZero()
                ? (interval.compareTo(UNHEALTHY_INTERVAL) < 0 ? interval : UNHEALTHY_INTERVAL) : unhealthyInterval;
        expectStatus = expectStatus == null ? StatusRanges.DEFAULT : expectStatus;
        headers = Collections.unmodifiableMap(new TreeMap<>(headers == null ? Map.of() : headers));
        maxQuiet = maxQuiet == null ? Duration.ZERO : maxQuiet;
    }

    /** Checked every interval, whatever the application's calls (max-quiet 0). */
    public TargetConfig(String name, CheckKind kind, String check, List<String> hosts,
                        Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
                        String user, String password,
                        Duration unhealthyInterval, StatusRanges expectStatus, Map<String, String> headers, String query) {
        this(name, kind, check, hosts, interval, timeout, unhealthyThreshold, healthyThreshold, user, password,
                unhealthyInterval, expectStatus, headers, query, null);
    }

    /** A target with the basic settings only (no header, no query, default statuses, same interval while DOWN, checked every interval). */
    public TargetConfig(String name, CheckKind kind, String check, List<String> hosts,
                        Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
                        String user, String password) {
        this(name, kind, check, hosts, interval, timeout, unhealthyThreshold, healthyThreshold, user, password,
                null, null, null, null, null);
    }

    /** The check with secrets masked (Secrets.redact), for logs and status. */
    public String safeCheck() {
        return Shown.redacted(check);
    }

    /** True when only timing or thresholds differ: the same dependency, checked the same way, guarding the same hosts. */
    public boolean sameCheck(TargetConfig other) {
        return other != null && kind == other.kind && check.equals(other.check) && hosts.equals(other.hosts)
                && java.util.Objects.equals(user, other.user) && java.util.Objects.equals(password, other.password)
                && expectStatus.equals(other.expectStatus) && headers.equals(other.headers)
                && java.util.Objects.equals(query, other.query);
    }

    /** Never contains the password, a header value or any secret in the check URL. */
    @Override
    public String toString() {
        return "TargetConfig[name=" + name + ", kind=" + kind + ", check=" + safeCheck() + ", hosts=" + hosts
                + ", interval=" + Durations.format(interval) + ", unhealthyInterval=" + Durations.format(unhealthyInterval)
                + ", timeout=" + Durations.format(timeout) + ", maxQuiet=" + Durations.format(maxQuiet)
                + ", unhealthyThreshold=" + unhealthyThreshold + ", healthyThreshold=" + healthyThreshold
                + ", user=" + user + ", password=" + (password == null ? null : Secrets.MASK)
                + ", expectStatus=" + expectStatus + ", headers=" + headers.keySet() + ", query=" + query + "]";
    }
}
