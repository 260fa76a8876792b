package dev.watchdog.testapps;

/**
 * A CPU-bound application: it burns CPU on one thread until the agent's {@code watchdog-resources}
 * thread has existed for {@code settleMs} (at most 20 s), then exits.
 */
public final class BusyApp {

    private BusyApp() {
    }

    public static void main(String[] args) throws Exception {
        long settleMs = Long.parseLong(args[0]);
        long deadline = System.currentTimeMillis() + 20_000;
        long seen = -1;
        long x = 0;
        while (System.currentTimeMillis() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                x += i % 7;
            }
            if (seen < 0 && Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("watchdog-resources"))) {
                seen = System.currentTimeMillis();
            }
            if (seen > 0 && System.currentTimeMillis() - seen > settleMs) {
                break;
            }
        }
        System.out.println(x > 0 ? "DONE" : "");
    }
}
