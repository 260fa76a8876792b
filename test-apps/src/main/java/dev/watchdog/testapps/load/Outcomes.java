package dev.watchdog.testapps.load;

import dev.watchdog.testapps.CallLine;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of many concurrent calls by outcome, printed as one line: {@code OUTCOMES ok=<n> <ExceptionClass>=<n> ...}
 * where a rejection by the agent counts as {@code rejected:<ExceptionClass>}, and a library's own
 * exception wrapping a rejection made deeper down (its message quotes the agent's) as
 * {@code wrapped-rejection:<ExceptionClass>}, a real connect timeout as {@code connect-timeout:<ExceptionClass>}, so a test can tell the documented rejection from any
 * other failure of the same class.
 */
public final class Outcomes {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** The first message seen per failure key, for a test's report. */
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    public void ok() {
        count("ok");
    }

    public void failed(Throwable e) {
        String message = String.valueOf(e.getMessage());
        String kind = message.startsWith(CallLine.REJECTION_PREFIX) ? "rejected:"
                : causedBy(e, CallLine.REJECTION_PREFIX) ? "wrapped-rejection:"
                : causedBy(e, "Connect timed out") ? "connect-timeout:" : "";
        String key = kind + e.getClass().getName();
        count(key);
        samples.putIfAbsent(key, message.replace('\n', ' '));
    }

    private static boolean causedBy(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** {@code SAMPLE <key>: <first message>} per failure key. */
    public java.util.List<String> sampleLines() {
        return new TreeMap<>(samples).entrySet().stream().map(x -> "SAMPLE " + x.getKey() + ": " + x.getValue()).toList();
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
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
