package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpActionsTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private static final Overload CPU = new Overload("cpu", 90, 97, true);

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void threadDumpsRespectTheCooldown() throws IOException {
        ThreadDumpAction action = new ThreadDumpAction(new DumpDirectory(dir, Duration.ofMinutes(5), 5, clock::get));
        action.onOverload(CPU, ResourceSnapshot.NONE);
        action.onOverload(CPU, ResourceSnapshot.NONE);
        clock.addAndGet(Duration.ofMinutes(4).toNanos());
        action.onOverload(CPU, ResourceSnapshot.NONE);
        assertEquals(1, names().size(), "one dump per cooldown: " + names());
        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        action.onOverload(CPU, ResourceSnapshot.NONE);
        assertEquals(2, names().size(), names().toString());
    }

    @Test
    void oldestDumpsBeyondKeepAreDeletedAndOtherFilesKept() throws IOException {
        for (int i = 0; i < 4; i++) {
            Path old = Files.writeString(dir.resolve("watchdog-threads-old" + i + ".txt"), "old");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.writeString(dir.resolve("application.log"), "not ours");
        Files.setLastModifiedTime(dir.resolve("application.log"), FileTime.fromMillis(1));
        ThreadDumpAction action = new ThreadDumpAction(new DumpDirectory(dir, Duration.ofMillis(1), 3, clock::get));
        action.onOverload(CPU, ResourceSnapshot.NONE);
        List<String> names = names();
        assertEquals(4, names.size(), names.toString());
        assertTrue(names.contains("application.log"));
        assertFalse(names.contains("watchdog-threads-old0.txt"));
        assertFalse(names.contains("watchdog-threads-old1.txt"));
        assertTrue(names.contains("watchdog-threads-old3.txt"));
        assertTrue(names.stream().anyMatch(n -> n.matches("watchdog-threads-\\d{8}-\\d{6}-\\d{3}-\\d+\\.txt")), names.toString());
    }

    @Test
    void threadDumpLooksLikeJstackWithLocks() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Object monitor = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                synchronized (monitor) {
                    held.countDown();
                    release.await();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "test-lock-holder");
        holder.start();
        held.await();
        // countDown comes just before the holder parks in await: dump only once it waits there
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (holder.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        try {
            String dump = ThreadDumps.dump("test");
            assertTrue(dump.contains("Full thread dump"), dump);
            assertTrue(dump.contains("\"test-lock-holder\" #"), dump);
            assertTrue(dump.contains("java.lang.Thread.State: WAITING"), dump);
            assertTrue(dump.contains("- locked <0x"), dump);
            assertTrue(dump.contains("Locked ownable synchronizers:"), dump);
            assertTrue(dump.contains("ReentrantLock$NonfairSync"), dump);
            assertTrue(dump.contains("\tat java.util.concurrent.CountDownLatch.await(java.base@"), dump);
            assertTrue(dump.contains("- parking to wait for <0x"), dump);
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void jfrDumpsTheRunningRecording() throws IOException {
        try (Recording r = new Recording()) {
            r.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(100));
            r.start();
            new JfrDumpAction(new DumpDirectory(dir, Duration.ofMinutes(5), 5, clock::get)).onOverload(CPU, ResourceSnapshot.NONE);
            List<String> names = names();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).startsWith("watchdog-jfr-") && names.get(0).endsWith(".jfr"));
            assertTrue(Files.size(dir.resolve(names.get(0))) > 0);
        }
    }
}
