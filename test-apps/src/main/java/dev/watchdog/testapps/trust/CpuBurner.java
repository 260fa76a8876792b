package dev.watchdog.testapps.trust;

/**
 * Keeps the machine's cores busy: {@code threads} threads spin for {@code seconds}, then it exits.
 * Prints {@code BURNING <threads>} once they run.
 *
 * <p>Usage: {@code CpuBurner <threads> <seconds>}
 */
public final class CpuBurner {

    private CpuBurner() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        Thread[] burners = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            burners[i] = new Thread(() -> {
                long x = 0;
                while (System.nanoTime() < deadline) {
                    for (int j = 0; j < 100_000; j++) {
                        x += j % 7;
                    }
                }
                if (x == 42) {
                    System.out.println(x); // keeps the loop from being optimised away
                }
            }, "burner-" + i);
            burners[i].start();
        }
        System.out.println("BURNING " + threads);
        for (Thread t : burners) {
            t.join();
        }
        System.out.println("DONE");
    }
}
