package dev.watchdog.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.health.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    @TempDir
    Path dir;
    private final List<FileChange> delivered = new CopyOnWriteArrayList<>();
    private ConfigWatcher watcher;

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private ConfigWatcher watch(Path file, long maxSize, FileListener listener) {
        watcher = new ConfigWatcher(List.of(file), Duration.ofHours(1), maxSize, listener);
        return watcher;
    }

    private static String sha(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path write(Path p, String content) throws IOException {
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    @Test
    void baselineThenInPlaceEditAndRenameOver() throws Exception {
        Path f = write(dir.resolve(".env"), "A=1\n");
        watch(f, 1024, delivered::add).scan();
        assertEquals(List.of(), delivered, "the first reading is the baseline");
        assertEquals(sha("A=1\n"), watcher.snapshot().get(0).hash());

        write(f, "A=2\n");
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(new FileChange(f, FileChange.Kind.CHANGED, sha("A=1\n"), sha("A=2\n"), 4)), delivered);

        Path tmp = write(dir.resolve(".env.tmp"), "A=3\n");
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        watcher.scan();
        assertEquals(2, delivered.size());
        assertEquals(sha("A=3\n"), delivered.get(1).newHash());
        FileView v = watcher.snapshot().get(0);
        assertEquals(2, v.changes());
        assertEquals(4, v.size());
    }

    /** Kubernetes ConfigMaps: the file is a symlink through {@code ..data}, itself swapped to a new directory. */
    @Test
    void symlinkSwapLikeAConfigMap() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2024_01"));
        Path v2 = Files.createDirectory(dir.resolve("..2024_02"));
        write(v1.resolve("app.toml"), "x = 1\n");
        write(v2.resolve("app.toml"), "x = 2\n");
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("app.toml"), Path.of("..data/app.toml"));
        watch(file, 1024, delivered::add).scan();

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        watcher.scan();
        assertEquals(List.of(new FileChange(file, FileChange.Kind.CHANGED, sha("x = 1\n"), sha("x = 2\n"), 6)), delivered);
    }

    @Test
    void missingIsReportedOnceAndItsReturnWithItsHash() throws Exception {
        Path f = write(dir.resolve("config.toml"), "a\n");
        watch(f, 1024, delivered::add).scan();
        Files.delete(f);
        watcher.scan();
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(new FileChange(f, FileChange.Kind.MISSING, sha("a\n"), null, -1)), delivered);
        assertTrue(watcher.snapshot().get(0).missing());
        write(f, "b\n");
        watcher.scan();
        assertEquals(new FileChange(f, FileChange.Kind.RETURNED, null, sha("b\n"), 2), delivered.get(1));
        assertEquals(2, delivered.size());
    }

    @Test
    void missingAtStartThenCreated() throws Exception {
        Path f = dir.resolve("later.env");
        watch(f, 1024, delivered::add).scan();
        watcher.scan();
        assertEquals(List.of(), delivered);
        write(f, "x");
        watcher.scan();
        assertEquals(FileChange.Kind.RETURNED, delivered.get(0).kind());
    }

    @Test
    void tooLargeIsReportedNotRead() throws Exception {
        Path f = write(dir.resolve("big"), "small");
        watch(f, 10, delivered::add).scan();
        write(f, "x".repeat(100));
        watcher.scan();
        write(f, "x".repeat(200));
        watcher.scan();
        assertEquals(List.of(new FileChange(f, FileChange.Kind.TOO_LARGE, sha("small"), null, 100)), delivered,
                "staying too large is no new change");
        FileView v = watcher.snapshot().get(0);
        assertTrue(v.tooLarge());
        assertNull(v.hash());
    }

    /** The baseline advances only once the listener accepted the change: a failing listener gets it again. */
    @Test
    void aFailingListenerNeverLosesTheChange() throws Exception {
        Path f = write(dir.resolve("app.properties"), "v=1");
        AtomicInteger failuresLeft = new AtomicInteger(2);
        watch(f, 1024, change -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("busy");
            }
            delivered.add(change);
        }).scan();
        write(f, "v=2");
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(), delivered);
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(new FileChange(f, FileChange.Kind.CHANGED, sha("v=1"), sha("v=2"), 3)), delivered);
        assertEquals(1, watcher.snapshot().get(0).changes(), "logged and counted once");
    }

    @Test
    void runsOnItsOwnThreadEveryInterval() throws Exception {
        Path f = write(dir.resolve("a.env"), "1");
        List<String> threads = new CopyOnWriteArrayList<>();
        watcher = new ConfigWatcher(List.of(f), Duration.ofMillis(50), 1024, change -> {
            threads.add(Thread.currentThread().getName());
            delivered.add(change);
        });
        watcher.start();
        Await.until("baseline", () -> watcher.snapshot().get(0).hash() != null, watcher::snapshot);
        write(f, "2");
        Await.until("change delivered", () -> !delivered.isEmpty(), watcher::snapshot);
        assertEquals("watchdog-files", threads.get(0));
    }
}
