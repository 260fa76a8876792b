package dev.watchdog.bootstrap;

/**
 * Rejections for clients that spread their calls over several hosts of their own choosing (MongoDB's
 * cluster, Kafka's bootstrap servers): a call is rejected only while every host it may go to is open,
 * as {@link Gate#rejectJdbcUrl} does for a JDBC URL with several hosts. Reached by advice only after
 * {@link Gate#anyOpen()}.
 */
public final class HostGroups {

    private HostGroups() {
    }

    /**
     * Rejection message (naming the first host) when every one of {@code hostKeys} ({@link Gate#key}
     * form) is open, else null. A half-open host lets the call through: with {@code trial}, only when it
     * hands the call its trial permit; without (a call that connects on other threads, or not at all),
     * always, the client's own connects taking the permits.
     */
    public static String rejectAll(String[] hostKeys, boolean trial) {
        if (hostKeys == null || hostKeys.length == 0) {
            return null;
        }
        for (String host : hostKeys) {
            if (host == null) {
                return null;
            }
            Discovery.seen(host);
        }
        for (String host : hostKeys) {
            if (!OpenHosts.isOpen(host) && !OpenHosts.isHalfOpen(host)) {
                return null;
            }
        }
        for (String host : hostKeys) {
            if (OpenHosts.isHalfOpen(host) && (!trial || Gate.rejectKey(host) == null)) {
                return null;   // a half-open host's call
            }
        }
        return Gate.rejectKey(hostKeys[0]);
    }
}
