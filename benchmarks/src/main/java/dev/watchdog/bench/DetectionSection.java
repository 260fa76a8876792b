package dev.watchdog.bench;

import dev.watchdog.bench.probe.DetectionProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 6: from a dependency's death (stops listening: refused; accepts and never answers:
 * blackhole) to the application's first rejected call, against the check's interval + timeout.
 */
public final class DetectionSection {

    private static final long INTERVAL_MS = 1000;
    private static final long TIMEOUT_MS = 1000;

    private DetectionSection() {
    }

    public static void run(Report r, Settings s) {
        try (Dependency dep = Dependency.http()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("watchdog.target.dep.check", "http://127.0.0.1:" + dep.port() + "/health");
            config.put("watchdog.target.dep.interval", INTERVAL_MS + "ms");
            config.put("watchdog.target.dep.timeout", TIMEOUT_MS + "ms");
            String agent = ProbeJvm.watchdogAgent(s.workDir(), "detection", ProbeJvm.installAtStart(config));
            List<Double> refused = new ArrayList<>();
            List<Double> blackhole = new ArrayList<>();
            try (ProbeJvm child = ProbeJvm.start(List.of(agent), DetectionProbe.class, String.valueOf(dep.port()))) {
                child.await("CALL ok", 30_000);
                for (int i = 0; i < s.detectionRepeats(); i++) {
                    refused.add(outage(child, dep, Dependency.Mode.REFUSE));
                    blackhole.add(outage(child, dep, Dependency.Mode.BLACKHOLE));
                }
            }
            r.section("Detection time (child JVM calling `HttpClient.send` every 5 ms)",
                    "From the dependency's death (parent's clock) to the first call the agent rejected (line time-stamped on"
                            + " arrival). Check: http, interval " + INTERVAL_MS + " ms, timeout " + TIMEOUT_MS
                            + " ms, unhealthy-threshold 1 (an http check: a tcp connect would succeed against a blackhole that accepts). " + s.detectionRepeats() + " outage(s) of each kind.");
            row(r, "refused (stops listening)", refused, INTERVAL_MS + TIMEOUT_MS);
            row(r, "blackhole (accepts, never answers)", blackhole, INTERVAL_MS + TIMEOUT_MS);
        }
    }

    private static void row(Report r, String figure, List<Double> values, long boundMs) {
        Stats st = new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
        double bound = boundMs * 1e6;
        r.row(figure, Units.nanos(st.median()), Spread.nanos(st), "bound " + Units.nanos(bound),
                Units.ratio(st.median() / bound), "≤ interval + timeout",
                Report.verdict(st.max() <= bound * 1.1));
    }

    /** Kills the dependency, times the first rejection, revives it and waits until calls succeed again. */
    private static double outage(ProbeJvm child, Dependency dep, Dependency.Mode death) {
        child.mark();
        long t0 = System.nanoTime();
        dep.mode(death);
        long detected = child.await("CALL rejected", 30_000).nanos() - t0;
        dep.mode(Dependency.Mode.REFUSE);   // drop blackholed connections before serving again
        dep.mode(Dependency.Mode.SERVE);
        child.mark();
        child.await("CALL ok", 30_000);
        Progress.say("detection " + death + ": " + Units.nanos(detected));
        return detected;
    }
}
