package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;

/** How a configured value may appear in a message: secret keys fully masked, URLs redacted, long values cut. */
final class Shown {

    private static final int MAX = 120;

    private Shown() {
    }

    static String value(String key, String value) {
        if (value == null) {
            return null;
        }
        if (Secrets.isSecretName(lastSegment(key))) {
            return Secrets.MASK;
        }
        String s = Secrets.redact(value);
        return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
    }

    /** The value quoted, as messages start: {@code "fast"}. */
    static String quoted(String key, String value) {
        return '"' + value(key, value) + '"';
    }

    private static String lastSegment(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }
}
