package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of each JDBC driver class the application connected through, weakly held (a web
 * application's loader must stay collectable): the JDBC health check finds drivers that only a
 * child-first loader holds here. Copy-on-write; bounded.
 */
public final class JdbcDrivers {

    private static final int MAX_DRIVERS = 32;
    private static final Object LOCK = new Object();
    private static volatile WeakReference<?>[] drivers = new WeakReference<?>[0];

    private JdbcDrivers() {
    }

    /** Driver#connect advice: remembers the driver's class once (a short scan on later connects). */
    public static void seen(Object driver) {
        Class<?> type = driver.getClass();
        for (WeakReference<?> known : drivers) {
            Object d = known.get();
            if (d != null && d.getClass() == type) {
                return;
            }
        }
        synchronized (LOCK) {
            List<WeakReference<?>> next = new ArrayList<>();
            for (WeakReference<?> known : drivers) {
                Object d = known.get();
                if (d != null) {
                    if (d.getClass() == type) {
                        return;   // added meanwhile
                    }
                    next.add(known);
                }
            }
            if (next.size() < MAX_DRIVERS) {
                next.add(new WeakReference<>(driver));
            }
            drivers = next.toArray(new WeakReference<?>[0]);
        }
    }

    /** The drivers seen so far, still alive. */
    public static Object[] alive() {
        List<Object> alive = new ArrayList<>();
        for (WeakReference<?> known : drivers) {
            Object d = known.get();
            if (d != null) {
                alive.add(d);
            }
        }
        return alive.toArray();
    }

}
