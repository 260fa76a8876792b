package dev.watchdog.testapps;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test applications' shared loop and output format: one line per call on stdout,
 * {@code CALL <kind> OK <micros>us} or {@code CALL <kind> FAIL <ExceptionSimpleName> <micros>us <message first line>},
 * and {@code DONE} at the end. With {@code -Dtestapps.calls.begin=true} each call also prints
 * {@code BEGIN <kind>} as it starts, so a caller can tell a call still waiting from one never made
 * (the client scenarios harness: {@code clients.scenarios.ClientScenarios}).
 *
 * <p>Each period's calls run on their own daemon threads, like the request threads of a real
 * server: a call stuck on a dead server holds only its own thread, so the calls made after it
 * still show what the agent does with them. The main thread returns normally at the deadline
 * (no System.exit), so a non-daemon thread left behind by the agent would keep the JVM alive.
 */
public final class Calls {

    /** Something a call may do; a failure is any exception. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** Daemon threads, reused between periods; a stuck call keeps only its own thread. */
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "call-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** Opt-in: a {@code BEGIN <kind>} line as each call starts. */
    private static final boolean BEGIN_LINES = Boolean.getBoolean("testapps.calls.begin");

    private Calls() {
    }

    /** Calls {@code perPeriod} every {@code periodMs} until {@code maxSeconds}, then prints DONE. */
    public static void loop(long periodMs, long maxSeconds, Runnable perPeriod) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        long next = System.nanoTime();
        while (System.nanoTime() < deadline) {
            perPeriod.run();
            next += TimeUnit.MILLISECONDS.toNanos(periodMs);
            long sleep = Math.min(next, deadline) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        print("DONE");
        System.out.flush();
    }

    /** Starts one timed call on a pool thread, so the kinds of one period never wait for each other. */
    public static void fork(String kind, Call call) {
        POOL.execute(() -> timed(kind, call));
    }

    /** Times one call and prints its line. */
    public static void timed(String kind, Call call) {
        if (BEGIN_LINES) {
            print("BEGIN " + kind);
        }
        long start = System.nanoTime();
        try {
            call.run();
            long micros = micros(start);
            print("CALL " + kind + " OK " + micros + "us");
        } catch (Throwable e) {
            long micros = micros(start);
            Throwable cause = unwrap(e);
            print("CALL " + kind + " FAIL " + cause.getClass().getSimpleName() + " " + micros + "us " + firstLine(cause.getMessage()));
        }
    }

    /** The failure an application would act on: the cause of an async wrapper, not the wrapper. */
    static Throwable unwrap(Throwable e) {
        while (e instanceof ExecutionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static long micros(long startNanos) {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }

    /** println on System.out is synchronized: lines from concurrent calls never interleave. */
    public static void print(String line) {
        System.out.println(line);
    }
}
