package dev.watchdog.bench;

import java.util.Map;

/** Section 1: the gate check alone, in JMH with the GC profiler, against a plain field read. */
public final class GateSection {

    private static final double GOAL_NS = 5;

    private GateSection() {
    }

    public static void run(Report r, Settings s) {
        Map<String, Jmh.Figure> f = Jmh.run(s, "dev\\.watchdog\\.bench\\.jmh\\.GateBench\\.", true, "gate");
        r.section("Gate check alone (JMH, in-process)",
                "`dev.watchdog.bootstrap.Gate` as advice calls it. Baseline: a plain non-volatile field read in the same run."
                        + " Allocation from JMH `-prof gc` (gc.alloc.rate.norm).");
        Stats base = f.get("plainFieldRead").stats();
        row(r, "`Gate.anyOpen()`, nothing open", f.get("anyOpenNothingOpen"), base);
        row(r, "`Gate.rejectHost(\"other-host\", 80)`, one unrelated breaker open", f.get("rejectHostOneUnrelatedOpen"), base);
        r.row("plain field read (baseline)", Units.nanos(base.median()) + ", " + alloc(f.get("plainFieldRead")),
                Spread.nanos(base), "—", "—", "—", Report.Verdict.INFO);
        r.note(ProfileNotes.GATE);
    }

    /** A row with the 5 ns, 0 B/op goal (also the evidence section's). */
    static void row(Report r, String figure, Jmh.Figure fig, Stats base) {
        Stats st = fig.stats();
        boolean met = st.median() <= GOAL_NS && fig.allocBytesPerOp() < 0.5;
        r.row(figure, Units.nanos(st.median()) + ", " + alloc(fig), Spread.nanos(st), Units.nanos(base.median()),
                Units.ratio(st.median() / base.median()), "≤ 5 ns and 0 B/op", Report.verdict(met));
    }

    static String alloc(Jmh.Figure fig) {
        return Units.fmt(fig.allocBytesPerOp()) + " B/op";
    }
}
