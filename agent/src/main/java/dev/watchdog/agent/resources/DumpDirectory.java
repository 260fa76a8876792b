package dev.watchdog.agent.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Where dumps go, and how many: at most one per cooldown, and only the newest {@code keep} of the
 * agent's own dump files ({@code watchdog-*}) stay; other files in the directory are never touched.
 */
final class DumpDirectory {

    static final String PREFIX = "watchdog-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;
    private final Duration cooldown;
    private final int keep;
    private final LongSupplier nanoClock;
    private long lastDumpNanos;
    private boolean dumped;

    DumpDirectory(Path dir, Duration cooldown, int keep, LongSupplier nanoClock) {
        this.dir = dir;
        this.cooldown = cooldown;
        this.keep = keep;
        this.nanoClock = nanoClock;
    }

    Path dir() {
        return dir;
    }

    /** True, and the cooldown starts, when a dump may be written now. */
    boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        if (dumped && now - lastDumpNanos < cooldown.toNanos()) {
            return false;
        }
        dumped = true;
        lastDumpNanos = now;
        return true;
    }

    /** A new file name in the (created) directory: {@code watchdog-<kind>-<utc stamp>-<pid>.<ext>}. */
    Path newFile(String kind, String extension) throws IOException {
        Files.createDirectories(dir);
        String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        return dir.resolve(PREFIX + kind + "-" + stamp + "-" + ProcessHandle.current().pid() + "." + extension);
    }

    /** Deletes the oldest dump files beyond {@code keep}; returns what it deleted. */
    List<Path> prune() throws IOException {
        List<Path> dumps = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p)).forEach(dumps::add);
        }
        dumps.sort(Comparator.comparing(DumpDirectory::modified).thenComparing(p -> p.getFileName().toString()));
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < dumps.size() - keep; i++) {
            if (Files.deleteIfExists(dumps.get(i))) {
                deleted.add(dumps.get(i));
            }
        }
        return deleted;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
