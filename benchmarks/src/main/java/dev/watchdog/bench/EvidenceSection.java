package dev.watchdog.bench;

import java.util.Map;

/**
 * The evidence a JDBC statement records for traffic-as-evidence ({@code watchdog.health.max-quiet}) and for
 * hosts in doubt, in JMH with the GC profiler ({@code EvidenceBench}), against the same run's empty advice
 * test (nothing watched).
 */
public final class EvidenceSection {

    private EvidenceSection() {
    }

    public static void run(Report r, Settings s) {
        Map<String, Jmh.Figure> f = Jmh.run(s, "dev\\.watchdog\\.bench\\.jmh\\.EvidenceBench\\.", true, "evidence");
        r.section("Traffic as evidence (JMH, in-process)",
                "`dev.watchdog.bootstrap.Evidence` as the statement advice calls it (`any()`, then `start` and `succeeded`),"
                        + " the statement's own work aside. A watched host wants one fast call per check window; the first"
                        + " call of a window includes the agent's `want` that opens it (an uncontended lock)."
                        + " Allocation from JMH `-prof gc` (gc.alloc.rate.norm).");
        Stats base = f.get("nothingWatched").stats();
        GateSection.row(r, "nothing watched (max-quiet 0, or no target UP)", f.get("nothingWatched"), base);
        GateSection.row(r, "a host watched, later calls of a proven window", f.get("hostWatchedLaterCallAlone"), base);
        info(r, "a host watched, later calls of a proven window, another host still wanted", f.get("hostWatchedLaterCallOtherWanted"), base);
        info(r, "a host watched, the first call of a window", f.get("hostWatchedFirstCallOfWindow"), base);
        info(r, "a host in doubt, every call (the doubt path)", f.get("hostDoubted"), base);
    }

    private static void info(Report r, String figure, Jmh.Figure fig, Stats base) {
        Stats st = fig.stats();
        r.row(figure, Units.nanos(st.median()) + ", " + GateSection.alloc(fig), Spread.nanos(st), Units.nanos(base.median()),
                Units.ratio(st.median() / base.median()), "—", Report.Verdict.INFO);
    }
}
