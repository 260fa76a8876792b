package dev.watchdog.agent.fleet;

import dev.watchdog.agent.hosts.RedisUrls;
import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable. The secret is copied in and out, compared by content, and never shown.
 *
 * @param redis     redis://[user:pass@]host:port[/db] or rediss:// (TLS, the JDK's default SSL context, host name verified)
 * @param fleetName members with the same name (and Redis) form one fleet; namespaces its keys
 * @param memberId  this member, unique in the fleet (e.g. host, pid and a random part)
 * @param probers   K: how many members probe each target
 * @param secret    the HMAC-SHA256 key every vote is signed with; at least one byte
 * @param interval  how often a member refreshes its registration and its votes and re-reads the others'
 * @param timeout   connect and read timeout of every Redis command
 */
public record FleetSettings(String redis, String fleetName, String memberId, int probers, byte[] secret,
                            Duration interval, Duration timeout) {

    public FleetSettings {
        Objects.requireNonNull(redis, "redis");
        if (fleetName == null || fleetName.isBlank()) {
            throw new IllegalArgumentException("fleet name is empty");
        }
        if (memberId == null || memberId.isBlank() || memberId.length() > 200) {
            throw new IllegalArgumentException("member id is empty or longer than 200 characters");
        }
        if (probers < 1) {
            throw new IllegalArgumentException("probers must be at least 1");
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("fleet secret is empty");
        }
        if (interval == null || interval.toMillis() < 1 || timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("interval and timeout must be at least 1 ms");
        }
        if (endpointOf(redis).db() < 0) {
            throw new IllegalArgumentException("redis URL's database is not a number");
        }
        secret = secret.clone();
    }

    /** A copy: the record's array never escapes. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    RedisUrls.Endpoint endpoint() {
        return endpointOf(redis);
    }

    private static RedisUrls.Endpoint endpointOf(String url) {
        return RedisUrls.parse(url, null);
    }

    /**
     * The Redis URL with its password masked, as parsed: a password written without a user
     * ({@code redis://secret@host}) is masked too, which a generic URL redaction would miss.
     */
    public String safeRedis() {
        return endpoint().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FleetSettings s && redis.equals(s.redis) && fleetName.equals(s.fleetName)
                && memberId.equals(s.memberId) && probers == s.probers && Arrays.equals(secret, s.secret)
                && interval.equals(s.interval) && timeout.equals(s.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(redis, fleetName, memberId, probers, Arrays.hashCode(secret), interval, timeout);
    }

    /** Without the secret and the Redis password. */
    @Override
    public String toString() {
        return "FleetSettings[redis=" + safeRedis() + ", fleetName=" + fleetName + ", memberId=" + memberId
                + ", probers=" + probers + ", secret=" + Secrets.MASK + ", interval=" + interval + ", timeout=" + timeout + "]";
    }
}
