package dev.watchdog.bench;

import java.util.ArrayList;
import java.util.List;

/** The markdown written to BENCHMARKS.md: one table per section, every row carrying JDK and cores. */
public final class Report {

    public enum Verdict { MET, MISSED, INCONCLUSIVE, INFO }

    private final String jdk = System.getProperty("java.runtime.version");
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final StringBuilder out = new StringBuilder();
    private final List<String> missed = new ArrayList<>();
    private int tables;

    public Report(String title, String preamble) {
        out.append("# ").append(title).append("\n\n").append(preamble).append("\n\n")
                .append("JDK: ").append(jdk).append(" · cores: ").append(cores)
                .append(" · os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("\n");
    }

    public void section(String title, String note) {
        out.append("\n## ").append(title).append("\n\n");
        if (note != null && !note.isEmpty()) {
            out.append(note).append("\n\n");
        }
        out.append("| figure | median | spread | baseline | ratio | goal | verdict | JDK | cores |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        tables++;
    }

    public void row(String figure, String median, String spread, String baseline, String ratio, String goal,
                    Verdict verdict) {
        out.append("| ").append(figure).append(" | ").append(median).append(" | ").append(spread).append(" | ")
                .append(baseline).append(" | ").append(ratio).append(" | ").append(goal).append(" | ")
                .append(switch (verdict) {
                    case INFO -> "—";
                    case MET -> "met";
                    case MISSED -> "**missed**";
                    case INCONCLUSIVE -> "**inconclusive** (noise larger than the goal)";
                })
                .append(" | ").append(jdk).append(" | ").append(cores).append(" |\n");
        if (verdict == Verdict.MISSED) {
            missed.add(figure);
        } else if (verdict == Verdict.INCONCLUSIVE) {
            missed.add(figure + " (inconclusive)");
        }
    }

    public void note(String text) {
        out.append("\n").append(text).append("\n");
    }

    public static Verdict verdict(boolean met) {
        return met ? Verdict.MET : Verdict.MISSED;
    }

    public int tables() {
        return tables;
    }

    public List<String> missed() {
        return missed;
    }

    public String markdown() {
        return out.toString();
    }
}
