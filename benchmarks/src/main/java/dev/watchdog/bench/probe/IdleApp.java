package dev.watchdog.bench.probe;

/** Does nothing for args[0] seconds: the health-check scaling probe measures the agent alone. */
public final class IdleApp {

    public static void main(String[] args) throws InterruptedException {
        System.out.println("IDLE");
        Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
}
