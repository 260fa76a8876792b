package dev.watchdog.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP statuses a check accepts, written {@code 200-299,404}.
 *
 * @param ranges pairs {@code [from, to]}, inclusive
 */
public record StatusRanges(List<List<Integer>> ranges) {

    /** What an HTTP check accepts when nothing is configured: any answer that is not an error. */
    public static final StatusRanges DEFAULT = parse("200-399");

    public StatusRanges {
        ranges = List.copyOf(ranges);
    }

    public boolean accepts(int status) {
        for (List<Integer> r : ranges) {
            if (status >= r.get(0) && status <= r.get(1)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException completing {@code "<text>" ...} */
    static StatusRanges parse(String text) {
        List<List<Integer>> ranges = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.trim();
            int dash = e.indexOf('-');
            int from = status(dash < 0 ? e : e.substring(0, dash), e);
            int to = dash < 0 ? from : status(e.substring(dash + 1), e);
            if (to < from) {
                throw new IllegalArgumentException("has a range \"" + Shown.excerpt(e) + "\" that ends before it starts; expected like 200-299,404");
            }
            ranges.add(List.of(from, to));
        }
        return new StatusRanges(ranges);
    }

    private static int status(String s, String entry) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 100 && n <= 599) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("has an entry \"" + Shown.excerpt(entry) + "\" that is not a status 100..599 or a range; expected like 200-299,404");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (List<Integer> r : ranges) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(r.get(0));
            if (!r.get(0).equals(r.get(1))) {
                s.append('-').append(r.get(1));
            }
        }
        return s.toString();
    }
}
