package dev.watchdog.testapps.trust;

import java.util.Arrays;

/**
 * A busy application: {@code threads} daemon threads spin for {@code seconds} while the given main class
 * runs in the same JVM, so the agent's own threads compete with them for the cores. Prints
 * {@code BURNING <threads>} once they run.
 *
 * <p>Usage: {@code CpuBurner <threads> <seconds> <mainClass> <arg>...}
 */
public final class CpuBurner {

    private CpuBurner() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            Thread burner = new Thread(() -> {
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
            burner.setDaemon(true);
            burner.start();
        }
        System.out.println("BURNING " + threads);
        Class.forName(args[2]).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 3, args.length));
    }
}
