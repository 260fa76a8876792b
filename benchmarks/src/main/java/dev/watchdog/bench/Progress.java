package dev.watchdog.bench;

/** Progress lines on stderr while the runner works (the report itself goes to BENCHMARKS.md). */
public final class Progress {

    private Progress() {
    }

    public static void say(String line) {
        System.err.println("[bench] " + line);
    }
}
