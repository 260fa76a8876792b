package dev.watchdog.testapps.load;

import dev.watchdog.testapps.CallLine;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of many concurrent calls by outcome, printed as one line: {@code OUTCOMES ok=<n> <ExceptionClass>=<n> ...}
 * where a rejection by the agent counts as {@code rejected:<ExceptionClass>}, so a test can tell the
 * documented rejection from any other failure of the same class.
 */
public final class Outcomes {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void ok() {
        count("ok");
    }

    public void failed(Throwable e) {
        String message = String.valueOf(e.getMessage());
        count((message.startsWith(CallLine.REJECTION_PREFIX) ? "rejected:" : "") + e.getClass().getName());
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** {@code OUTCOMES ok=3 rejected:java.net.ConnectException=5}, keys sorted. */
    public String line() {
        StringBuilder b = new StringBuilder("OUTCOMES");
        new TreeMap<>(counts).forEach((k, v) -> b.append(' ').append(k).append('=').append(v.sum()));
        return b.toString();
    }

    /** Parses {@link #line()} back: key -> count. */
    public static Map<String, Long> parse(String line) {
        if (!line.startsWith("OUTCOMES")) {
            throw new IllegalArgumentException("not an OUTCOMES line: " + line);
        }
        Map<String, Long> out = new TreeMap<>();
        for (String part : line.substring("OUTCOMES".length()).trim().split(" ")) {
            if (!part.isEmpty()) {
                int eq = part.lastIndexOf('=');
                out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            }
        }
        return out;
    }
}
