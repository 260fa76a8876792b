package dev.watchdog.testapps.load;

import dev.watchdog.testapps.Calls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code threads} platform threads, each running {@code SELECT 1} in a loop on its own connection
 * (opened again only once the driver closed it) and, every {@link #CONNECT_EVERY}th call, on a freshly
 * opened one, as fast as they can (fresh connects only now and then: 64 threads connecting in a
 * tight loop overflow the test server's accept backlog, and its real connect timeouts would hide
 * what is tested here), while the test flips the host's breaker, until the test creates
 * {@code stopFile} (or {@code maxSeconds} passed). Prints {@code READY} once a first call succeeded,
 * {@link Outcomes#line()} at the end, then {@code DONE}; a thread still running 10 s after the stop
 * prints {@code STUCK} (a deadlock) instead.
 *
 * <p>Usage: {@code HammerJdbcApp <jdbcUrl> <threads> <stopFile> <maxSeconds>}
 */
public final class HammerJdbcApp {

    static final int CONNECT_EVERY = 20;

    private HammerJdbcApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        java.nio.file.Path stopFile = java.nio.file.Path.of(args[2]);
        long seconds = Long.parseLong(args[3]);
        callOnce(url);
        Calls.print("READY");
        Outcomes outcomes = new Outcomes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                Connection own = null;
                for (long n = 0; !stop.get(); n++) {
                    try {
                        if (n % CONNECT_EVERY == 0) {
                            callOnce(url);
                        } else {
                            if (own == null || own.isClosed()) {
                                own = DriverManager.getConnection(url, "sa", "");
                            }
                            selectOne(own);
                        }
                        outcomes.ok();
                    } catch (Throwable e) {
                        outcomes.failed(e);
                    }
                }
            }, "hammer-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        while (!java.nio.file.Files.exists(stopFile) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        stop.set(true);
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                Calls.print("STUCK " + t.getName() + " " + outcomes.line());
                return;
            }
        }
        Calls.print(outcomes.line());
        outcomes.sampleLines().forEach(Calls::print);
        Calls.print("DONE");
    }

    private static void callOnce(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            selectOne(c);
        }
    }

    private static void selectOne(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
    }
}
