package dev.watchdog.testapps.clients.scenarios;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calls of one kind begun inside a scenario's window: how long each took, whether it succeeded, and
 * how many were still waiting when the window ended (counted as longer than any finished call, never dropped).
 */
public final class CallTimes {

    private final List<Long> finishedMicros = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int ok;
    private int pending;
    /** Micros from the window's start to the first successful call's end, -1 if none. */
    private long firstOkMicros = -1;

    void finished(long micros, boolean succeeded, String outcome, long endMicrosAfterStart) {
        finishedMicros.add(micros);
        outcomes.merge(outcome, 1, Integer::sum);
        if (succeeded) {
            ok++;
            if (firstOkMicros < 0 || endMicrosAfterStart < firstOkMicros) {
                firstOkMicros = endMicrosAfterStart;
            }
        }
    }

    void pending() {
        pending++;
    }

    public int n() {
        return finishedMicros.size() + pending;
    }

    public int ok() {
        return ok;
    }

    public int stillWaiting() {
        return pending;
    }

    public long firstOkMicros() {
        return firstOkMicros;
    }

    /** Outcome label (OK, or the exception's simple name, with "(agent)" for the agent's rejection) and count. */
    public Map<String, Integer> outcomes() {
        Map<String, Integer> all = new TreeMap<>(outcomes);
        if (pending > 0) {
            all.put("still waiting", pending);
        }
        return all;
    }

    /** The median call time, or null when the median call was still waiting. Micros. */
    public Long medianMicros() {
        int n = n();
        if (n == 0) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(finishedMicros);
        Collections.sort(sorted);
        int middle = (n - 1) / 2;   // the lower median: a hung half is not hidden by rounding
        return middle < sorted.size() ? sorted.get(middle) : null;
    }

    /** The longest finished call, micros; -1 when none finished. */
    public long maxFinishedMicros() {
        return finishedMicros.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** The median as the table shows it. */
    public String median(Duration window) {
        if (n() == 0) {
            return "no calls";
        }
        Long m = medianMicros();
        return m == null ? "> " + seconds(window) + " (still waiting)" : format(m);
    }

    /** The maximum as the table shows it: a call still waiting beats any finished one. */
    public String max(Duration window) {
        if (n() == 0) {
            return "no calls";
        }
        if (pending > 0) {
            return "> " + seconds(window) + " (" + pending + " still waiting)";
        }
        return format(maxFinishedMicros());
    }

    static String format(long micros) {
        if (micros < 1_000) {
            return String.format(java.util.Locale.ROOT, "%.2f ms", micros / 1000.0);
        }
        if (micros < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%d ms", Math.round(micros / 1000.0));
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", micros / 1_000_000.0);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
