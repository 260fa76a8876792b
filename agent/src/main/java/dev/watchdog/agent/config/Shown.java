package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.Secrets;

/** How a configured value may appear in a message: secret keys fully masked, URLs redacted, long values cut. */
final class Shown {

    private static final int MAX = 120;
    /**
     * Redaction's regular expressions backtrack on long URL-like text ("//a:" repeated takes seconds
     * per 40 KB, growing with the square): longer values are shown by their length only.
     */
    private static final int MAX_REDACTED = 4096;

    private Shown() {
    }

    static String value(String key, String value) {
        if (value == null) {
            return null;
        }
        if (Secrets.isSecretName(lastSegment(key))) {
            return Secrets.MASK;
        }
        String s = redacted(value);
        return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
    }

    /** {@link Secrets#redact}, except that text too long to redact quickly is shown by its length only. */
    static String redacted(String text) {
        return text.length() > MAX_REDACTED ? "<" + text.length() + " characters>" : Secrets.redact(text);
    }

    /** A part of a value a parser quotes in its message: cut to a readable length, redacted. */
    static String excerpt(String text) {
        return redacted(text.length() > MAX ? text.substring(0, MAX) + "..." : text);
    }

    /**
     * A parser's message about a value that came (partly) from the environment: the parts it quotes
     * ({@link #excerpt}s of the value) are left out, the environment may hold a secret.
     */
    static String withoutQuotes(String message) {
        return message.replaceAll("\"[^\"]*\"", "(a part from the environment)");
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
