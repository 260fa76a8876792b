package dev.watchdog.agent.config;

import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.bootstrap.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a key's text becomes a value. Parsers throw {@link IllegalArgumentException} whose message
 * completes a sentence that starts with the quoted value ({@code "fast" is not a duration; expected ...}),
 * so the caller decides how (and whether) to show the value.
 *
 * @param expected what a valid value looks like, for the key reference
 */
public record ValueType<T>(String expected, Parser<T> parser) {

    /** A parse step; throws IllegalArgumentException with the rest of the sentence. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    public static final ValueType<Duration> POSITIVE_DURATION = new ValueType<>("duration > 0 (250ms, 5s, 1m, 1h; bare number = seconds)",
            text -> {
                Duration d;
                try {
                    d = Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("is not a duration; " + Durations.EXPECTED);
                }
                if (d.isZero()) {
                    throw new IllegalArgumentException("is not greater than 0; expected a duration greater than 0, like 250ms or 5s");
                }
                return d;
            });

    public static final ValueType<Duration> DURATION = new ValueType<>("duration >= 0 (0, 250ms, 5s; bare number = seconds)",
            text -> {
                try {
                    return Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("is not a duration; " + Durations.EXPECTED);
                }
            });

    public static final ValueType<Integer> AT_LEAST_ONE = atLeast(1);

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false", text -> {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("is not a boolean; expected true or false");
        }
    });

    public static final ValueType<String> TEXT = new ValueType<>("text", text -> text);

    /** Comma-separated {@code host:port} entries, each normalized with {@link Gate#key}. */
    public static final ValueType<List<String>> HOST_LIST = new ValueType<>("host:port[,host:port...]", text -> {
        List<String> keys = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            HostPort hp = HostPort.parse(entry);
            if (hp == null || hp.port() < 0) {
                throw new IllegalArgumentException("has an entry \"" + Shown.excerpt(entry.trim())
                        + "\" that is not host:port; expected a comma-separated list like db1:5432,[::1]:5432 (port required)");
            }
            String key = hp.key(-1);
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    });

    /** Empty means "not set" ({@link Duration#ZERO}: the caller falls back to another duration); else a positive duration. */
    public static final ValueType<Duration> OPTIONAL_DURATION = new ValueType<>("empty, or a duration > 0 (250ms, 5s, 1m)",
            text -> text.isBlank() ? Duration.ZERO : POSITIVE_DURATION.parse(text));

    /** {@code 10%} or {@code 10}: a whole percentage 0..100. */
    public static final ValueType<Integer> PERCENT = new ValueType<>("0%..100%",
            text -> percent(text, 0, 100, "a whole number 0..100, like 10%"));

    /** A whole percentage within {@code min..max}, with or without its '%'; {@code expected} words the errors. */
    static int percent(String text, int min, int max, String expected) {
        String t = text.trim();
        t = t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t;
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a percentage; expected " + expected);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("is out of range; expected " + expected);
        }
        return n;
    }

    /** A byte size: {@code 512}, {@code 64KB}, {@code 10MB}, {@code 1GB} (powers of 1024). */
    public static final ValueType<Long> SIZE = new ValueType<>("size > 0 (512, 64KB, 10MB, 1GB)", Sizes::parse);

    /** Comma-separated file paths, blanks dropped, duplicates removed, order kept. */
    public static final ValueType<List<String>> PATH_LIST = new ValueType<>("path[,path...]", text -> {
        List<String> paths = new ArrayList<>();
        for (String entry : text.split(",")) {
            String p = entry.strip();
            if (!p.isEmpty() && !paths.contains(p)) {
                paths.add(p);
            }
        }
        return List.copyOf(paths);
    });

    /** Comma-separated names (letters, digits, '_', '-', '.', '/', ':'), at least one, duplicates removed, order kept. */
    public static final ValueType<List<String>> NAME_LIST = new ValueType<>("name[,name...]", text -> {
        List<String> names = new ArrayList<>();
        for (String entry : text.split(",")) {
            String n = entry.strip();
            if (!n.matches("[A-Za-z0-9_.:/-]+")) {
                throw new IllegalArgumentException(n.isEmpty() ? "has an empty name; expected name[,name...]"
                        : "is not a list of names; expected letters, digits, '_', '-', '.', '/' or ':', separated by commas");
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return List.copyOf(names);
    });

    /** Empty (off), or a Redis URL: {@code redis://} or {@code rediss://}, a host, an optional port and database number. */
    public static final ValueType<String> REDIS_URL = new ValueType<>("empty, or redis://[user:password@]host[:port][/db] or rediss://...",
            text -> {
                String url = text.strip();
                if (!url.isEmpty() && !url.matches("(?i)rediss?://([^@/]*@)?[^@/:\\s]+(:\\d{1,5})?(/\\d{1,2})?/?")) {
                    throw new IllegalArgumentException("is not a Redis URL; expected redis://[user:password@]host[:port][/db] or rediss://...");
                }
                return url;
            });

    /** HTTP statuses: {@code 200-299,404}. */
    public static final ValueType<StatusRanges> STATUS_RANGES = new ValueType<>("status[-status][,...] like 200-299,404",
            StatusRanges::parse);

    public T parse(String text) {
        return parser.parse(text);
    }

    /** A whole number no smaller than {@code min}. */
    public static ValueType<Integer> atLeast(int min) {
        String expected = "expected a whole number >= " + min;
        return new ValueType<>("integer >= " + min, text -> {
            int n;
            try {
                n = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number; " + expected);
            }
            if (n < min) {
                throw new IllegalArgumentException("is less than " + min + "; " + expected);
            }
            return n;
        });
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ValueType<Integer> between(int min, int max) {
        String expected = "expected a whole number from " + min + " to " + max;
        ValueType<Integer> atLeast = atLeast(min);
        return new ValueType<>("integer " + min + ".." + max, text -> {
            int n;
            try {
                n = atLeast.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("expected .*", expected));
            }
            if (n > max) {
                throw new IllegalArgumentException("is greater than " + max + "; " + expected);
            }
            return n;
        });
    }

    /** One of a fixed set of words, case-insensitive; the value is returned lower-case. */
    public static ValueType<String> oneOf(String... words) {
        List<String> allowed = List.of(words);
        String list = String.join("|", allowed);
        return new ValueType<>(list, text -> {
            String w = text.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(w)) {
                throw new IllegalArgumentException("is not valid; expected one of " + String.join(", ", allowed));
            }
            return w;
        });
    }
}
