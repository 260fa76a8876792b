package dev.watchdog.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

/**
 * What the advice remembers of an application object (a JDBC connection's URL, a Redis client's address):
 * keys held weakly and compared by identity (their {@code equals} is the application's code), in a fixed
 * open-addressing table. Lock-free (a compare-and-set to record, volatile reads to look up), never
 * blocking, bounded. An entry whose key was collected is reused in place. Closed keys not collected yet
 * still look alive, so a record may find its neighbourhood full: it then evicts the most recently recorded
 * there, so that a churn of short-lived objects cycles through one slot while those held since before stay
 * known. A key evicted or never seen is simply not found.
 */
final class WeakIdentityTable<V> {

    /** Slots looked at from a key's home slot: a lookup costs at most this many reads. */
    static final int PROBES = 8;

    private final int mask;
    private final AtomicReferenceArray<Entry<V>> table;

    private static final class Entry<V> extends WeakReference<Object> {
        final V value;
        final long recordedNanos = System.nanoTime();

        Entry(Object key, V value) {
            super(key);
            this.value = value;
        }
    }

    /** @param slots a power of two */
    WeakIdentityTable(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.mask = slots - 1;
        this.table = new AtomicReferenceArray<>(slots);
    }

    /**
     * Records {@code value} for {@code key}. A key already known keeps its value unless {@code replace}
     * (then an equal value is left as it is).
     */
    void put(Object key, V value, boolean replace) {
        int home = home(key);
        Entry<V> entry = null;
        for (int attempt = 0; attempt < 2; attempt++) {   // a slot taken meanwhile: look once more, then give up
            int freeSlot = -1;
            int newestSlot = -1;
            Entry<V> free = null;
            Entry<V> newest = null;
            for (int i = 0; i < PROBES; i++) {
                int slot = (home + i) & mask;
                Entry<V> e = table.get(slot);
                Object held = e == null ? null : e.get();
                if (held == key) {
                    if (replace && !Objects.equals(e.value, value)) {
                        table.compareAndSet(slot, e, entry == null ? new Entry<>(key, value) : entry);   // lost to a concurrent record: theirs stands
                    }
                    return;
                }
                if (held == null) {
                    if (freeSlot < 0) {
                        freeSlot = slot;
                        free = e;
                    }
                } else if (newest == null || e.recordedNanos - newest.recordedNanos > 0) {
                    newestSlot = slot;
                    newest = e;
                }
            }
            entry = entry == null ? new Entry<>(key, value) : entry;
            if (freeSlot >= 0 ? table.compareAndSet(freeSlot, free, entry) : table.compareAndSet(newestSlot, newest, entry)) {
                return;
            }
        }
    }

    /** The value recorded for {@code key}, null when none. */
    V get(Object key) {
        int home = home(key);
        for (int i = 0; i < PROBES; i++) {
            Entry<V> e = table.get((home + i) & mask);
            if (e != null && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** Calls {@code action} with each key still alive and its value, in no order; the agent's side, never per call. */
    void forEach(BiConsumer<Object, V> action) {
        for (int slot = 0; slot <= mask; slot++) {
            Entry<V> e = table.get(slot);
            Object key = e == null ? null : e.get();
            if (key != null) {
                action.accept(key, e.value);
            }
        }
    }

    /** Frees {@code key}'s entry at once, not at the next garbage collection. */
    void remove(Object key) {
        int home = home(key);
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i) & mask;
            Entry<V> e = table.get(slot);
            if (e != null && e.get() == key) {
                table.compareAndSet(slot, e, null);
                return;
            }
        }
    }

    private int home(Object key) {
        int h = System.identityHashCode(key);
        return (h ^ (h >>> 16)) & mask;
    }
}
