package dev.watchdog.testapps;

import java.io.InputStream;
import java.lang.management.ManagementFactory;

/**
 * An application with a long start: it loads classes (copies of one small class, each in a loader of its
 * own, about 200 a second) for {@code loadingSeconds}, prints {@code STARTED uptime=<ms>}, then idles
 * for {@code idleSeconds}. What a big Spring application does to the JVM's class count while it starts.
 *
 * <p>Usage: {@code StartingApp <loadingSeconds> <idleSeconds>}
 */
public final class StartingApp {

    private StartingApp() {
    }

    /** The class copied: small, with nothing to initialise. */
    public static final class Payload {
    }

    public static void main(String[] args) throws Exception {
        long loadingMillis = Long.parseLong(args[0]) * 1000;
        long idleMillis = Long.parseLong(args[1]) * 1000;
        byte[] bytes;
        try (InputStream in = StartingApp.class.getResourceAsStream("StartingApp$Payload.class")) {
            bytes = in.readAllBytes();
        }
        long end = System.currentTimeMillis() + loadingMillis;
        while (System.currentTimeMillis() < end) {
            new OneClass(bytes).define();
            Thread.sleep(5);
        }
        System.out.println("STARTED uptime=" + ManagementFactory.getRuntimeMXBean().getUptime());
        Thread.sleep(idleMillis);
        System.out.println("DONE");
    }

    private static final class OneClass extends ClassLoader {
        private final byte[] bytes;

        OneClass(byte[] bytes) {
            super(StartingApp.class.getClassLoader());
            this.bytes = bytes;
        }

        Class<?> define() {
            return defineClass(Payload.class.getName(), bytes, 0, bytes.length);
        }
    }
}
