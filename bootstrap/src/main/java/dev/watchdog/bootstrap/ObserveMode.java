package dev.watchdog.bootstrap;

/**
 * Observe mode (enforcing off) counts would-be rejections but lets every call through, and counts
 * each call once: the host a client-level hook (OkHttp, Apache, JDBC...) let through is marked on its
 * thread, and the socket-level check of the same host consumes the mark instead of counting again.
 */
final class ObserveMode {

    static volatile boolean enforcing = true;
    /** Touched only while a breaker is open and calls are observed. */
    private static final ThreadLocal<String> COUNTED = new ThreadLocal<>();

    private ObserveMode() {
    }

    static void countedAbove(String hostKey) {
        COUNTED.set(hostKey);
    }

    /** @return true when a client-level hook above already counted this socket's call */
    static boolean takeCountedAbove(String hostKey) {
        String counted = COUNTED.get();
        if (counted != null && counted.equals(hostKey)) {
            COUNTED.remove();
            return true;
        }
        return false;
    }
}
