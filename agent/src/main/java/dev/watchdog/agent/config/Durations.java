package dev.watchdog.agent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 1h}; a bare number means seconds. */
public final class Durations {

    /** What a duration looks like, for messages; shared so every message says the same thing. */
    static final String EXPECTED = "expected a number with unit ms, s, m or h, like 250ms or 5s";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the text and the expected form */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration given; " + EXPECTED);
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException('"' + text + "\" is not a duration; " + EXPECTED);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        try {
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(n);
                case "m":
                    return Duration.ofMinutes(n);
                case "h":
                    return Duration.ofHours(n);
                default:
                    return Duration.ofSeconds(n);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException('"' + text + "\" is too long a duration; " + EXPECTED);
        }
    }

    /** The shortest exact form in the largest whole unit: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}; sub-milliseconds are dropped. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
