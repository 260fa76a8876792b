package dev.watchdog.agent.health;

import dev.watchdog.agent.config.CheckKind;
import dev.watchdog.agent.config.StatusRanges;
import dev.watchdog.agent.config.TargetConfig;
import java.time.Duration;
import java.util.Map;

/**
 * What makes two targets' checks the same probe: kind, check URL, credentials, accepted statuses,
 * headers, query and timeout. Interval, thresholds and the hosts guarded are each target's own.
 * Holds secrets: never logged.
 */
record ProbeKey(CheckKind kind, String check, String user, String password, StatusRanges expectStatus,
                Map<String, String> headers, String query, Duration timeout) {

    static ProbeKey of(TargetConfig t) {
        return new ProbeKey(t.kind(), t.check(), t.user(), t.password(), t.expectStatus(), t.headers(), t.query(),
                t.timeout());
    }

    @Override
    public String toString() {
        return "ProbeKey[" + kind + "]";
    }
}
