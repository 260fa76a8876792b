package dev.watchdog.testapps.support;

import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.support.LoadClients.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests of two runs of an application (with and without the agent) under the same phases, side by side: per
 * phase, the requests started in it, the failed ones, latency p50/p99/max, the hung ones (over {@link #HUNG_MS}, or
 * running that long when the table is made) and, after a return, the time from it to the first success.
 */
public final class PhaseTable {

    /** A request slower than this has hung, as its user sees it. */
    public static final long HUNG_MS = 1_000;

    /**
     * A phase: the proxies switched to {@code mode} from {@code startNanos} on (done at {@code switchedNanos}: a proxy
     * made to refuse closes its connections), until {@code endNanos}, just before the next phase's switch.
     */
    public record Phase(String name, TcpProxy.Mode mode, long startNanos, long switchedNanos, long endNanos) {
        public boolean outage() {
            return mode != TcpProxy.Mode.FORWARD;
        }

        public boolean contains(long nanos) {
            return nanos >= startNanos && nanos < endNanos;
        }
    }

    /** Figures of a group of requests, as of {@code nowNanos} (a running request counts with its age then). */
    public record Figures(int requests, int errors, long p50Nanos, long p99Nanos, long maxNanos, int hung) {
        public static Figures of(List<Request> requests, long nowNanos) {
            long[] nanos = requests.stream().mapToLong(r -> r.nanos(nowNanos)).sorted().toArray();
            int errors = (int) requests.stream().filter(Request::failed).count();
            int hung = (int) Arrays.stream(nanos).filter(n -> n > TimeUnit.MILLISECONDS.toNanos(HUNG_MS)).count();
            return new Figures(nanos.length, errors, rank(nanos, 0.50), rank(nanos, 0.99),
                    nanos.length == 0 ? 0 : nanos[nanos.length - 1], hung);
        }

        /** The nearest-rank percentile; 0 with no value. */
        private static long rank(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return String.format("%5d %5d %8s %8s %8s %4d", requests, errors, ms(p50Nanos), ms(p99Nanos), ms(maxNanos), hung);
        }
    }

    private PhaseTable() {
    }

    public static List<Request> startedIn(List<Request> requests, long fromNanos, long toNanos) {
        return requests.stream().filter(r -> r.startNanos() >= fromNanos && r.startNanos() < toNanos).toList();
    }

    /** Nanoseconds from {@code sinceNanos} to the end of the first successful request started at or after it; -1 if none. */
    public static long firstSuccessNanos(List<Request> requests, long sinceNanos, long untilNanos) {
        return startedIn(requests, sinceNanos, untilNanos).stream().filter(Request::ok)
                .mapToLong(r -> r.endNanos() - sinceNanos).min().orElse(-1);
    }

    /** The table: one row per phase, the run with the agent left, the one without right. */
    public static String render(String title, List<Phase> phases, List<Request> with, List<Request> without, long nowNanos) {
        String side = String.format("%5s %5s %8s %8s %8s %4s %7s", "reqs", "errs", "p50ms", "p99ms", "maxms", "hung", "1st-ok");
        StringBuilder b = new StringBuilder(title).append('\n')
                .append(String.format("%-17s | %-" + side.length() + "s | %s%n", "", "with agent", "without agent"))
                .append(String.format("%-17s | %s | %s%n", "phase", side, side));
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            boolean afterOutage = i > 0 && phases.get(i - 1).outage() && !p.outage();
            b.append(String.format("%-10s %4.1f s | %s | %s%n", p.name(), (p.endNanos() - p.startNanos()) / 1e9,
                    cells(with, p, afterOutage, nowNanos), cells(without, p, afterOutage, nowNanos)));
        }
        b.append(String.format("a request counts in the phase it started in; hung: over %d ms, or running that long when the table"
                + " was made; 1st-ok: ms from the return to the end of the first successful request started after it%n", HUNG_MS));
        b.append("errors, by what the application answered (the exception Spring wrapped) or the client saw:\n");
        for (Phase p : phases) {
            b.append(errorKinds("  with agent,    " + p.name(), startedIn(with, p.startNanos(), p.endNanos())));
            b.append(errorKinds("  without agent, " + p.name(), startedIn(without, p.startNanos(), p.endNanos())));
        }
        return b.toString();
    }

    private static String cells(List<Request> requests, Phase p, boolean afterOutage, long nowNanos) {
        Figures f = Figures.of(startedIn(requests, p.startNanos(), p.endNanos()), nowNanos);
        long first = firstSuccessNanos(requests, p.startNanos(), p.endNanos());
        String firstOk = !afterOutage ? "-" : first < 0 ? "none" : ms(first);
        return f + String.format(" %7s", firstOk);
    }

    /** One line per kind of error: {@code <label>: <count> x <kind>, first: <its message>}. */
    private static String errorKinds(String label, List<Request> requests) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> first = new TreeMap<>();
        for (Request r : requests) {
            if (r.failed()) {
                counts.merge(kind(r.detail()), 1, Integer::sum);
                first.putIfAbsent(kind(r.detail()), message(r.detail()));
            }
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((kind, n) -> b.append(String.format("%s: %d x %s%s%n", label, n, kind,
                first.get(kind).isEmpty() ? "" : ", first: " + first.get(kind))));
        return b.toString();
    }

    /** The exception classes, marked when the message is the agent's rejection. */
    private static String kind(String detail) {
        int colon = detail.indexOf(": ");
        String name = colon < 0 ? detail : detail.substring(0, colon);
        return detail.contains("watchdog: circuit open") ? name + " (agent)" : name;
    }

    /** What follows the classes, cut to 200 characters. */
    private static String message(String detail) {
        int colon = detail.indexOf(": ");
        String message = colon < 0 ? "" : detail.substring(colon + 2).strip();
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    /** Milliseconds, one decimal below 10 ms. */
    public static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format("%.1f", ms) : String.valueOf(Math.round(ms));
    }

    /** {@code requests} for assertion messages, their start relative to {@code originNanos} ({@code origin}). */
    public static List<String> describe(List<Request> requests, long originNanos, String origin) {
        List<String> lines = new ArrayList<>();
        for (Request r : requests) {
            lines.add(String.format("started %+.0f ms after %s, %s, status %d %s", (r.startNanos() - originNanos) / 1e6, origin,
                    r.finished() ? "took " + ms(r.endNanos() - r.startNanos()) + " ms" : "still running", r.status(), r.detail()));
        }
        return lines;
    }
}
