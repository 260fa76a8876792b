package dev.watchdog.agent.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: {@code 512}, {@code 64KB}, {@code 10MB}, {@code 1GB} (units are powers of 1024). */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kb|mb|gb|k|m|g)?", Pattern.CASE_INSENSITIVE);
    private static final String EXPECTED = "expected a number with unit B, KB, MB or GB, like 10MB";

    private Sizes() {
    }

    /** @throws IllegalArgumentException completing {@code "<text>" ...} */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size; " + EXPECTED);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit.charAt(0)) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            case 'g' -> n << 30;
            default -> n;
        };
        if (bytes <= 0) {
            throw new IllegalArgumentException("is not greater than 0; " + EXPECTED);
        }
        return bytes;
    }

    /** {@code 10MB}, {@code 1536B}: the largest exact unit. */
    public static String format(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
