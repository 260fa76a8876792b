package dev.watchdog.agent.files;

import dev.watchdog.agent.config.Durations;
import dev.watchdog.agent.config.Sizes;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.tinylog.TaggedLogger;

/**
 * Fingerprints files (SHA-256) every interval on one {@code watchdog-files} daemon thread. The first
 * reading is the baseline; each change is logged once (one WARN line) and handed to the listener.
 * The listener's baseline advances only once it has accepted the change: a listener that throws gets
 * the same change again next cycle, so no change is ever lost.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final TaggedLogger LOG = AgentLog.of("files");

    private final FileListener listener;
    private final ScheduledThreadPoolExecutor scheduler =
            new ScheduledThreadPoolExecutor(1, task -> new AgentThread(task, "watchdog-files"));
    private Map<Path, Watched> watched = new LinkedHashMap<>();
    private Duration interval;
    private long maxSize;
    private ScheduledFuture<?> task;

    /** One path's state; touched on the watcher's thread, read by {@link #snapshot()} under the watcher's lock. */
    private static final class Watched {
        final Path path;
        /** What the listener last accepted; null before the baseline. */
        Fingerprint delivered;
        /** What was last logged (changes are logged once, even when delivery is retried). */
        Fingerprint logged;
        Instant lastChange;
        int changes;
        boolean failureReported;

        Watched(Path path) {
            this.path = path;
        }
    }

    public ConfigWatcher(List<Path> files, Duration interval, long maxSize, FileListener listener) {
        this.listener = listener;
        scheduler.setRemoveOnCancelPolicy(true);
        update(files, interval, maxSize);
    }

    /** Takes the baseline now, then reads every interval. */
    public synchronized void start() {
        reschedule(Duration.ZERO);
    }

    /** New watch list and settings: known paths keep their state, new ones take a baseline, others are dropped. */
    public synchronized void update(List<Path> files, Duration interval, long maxSize) {
        Map<Path, Watched> next = new LinkedHashMap<>();
        for (Path p : files) {
            Path path = p.toAbsolutePath().normalize();
            next.put(path, watched.getOrDefault(path, new Watched(path)));
        }
        watched = next;
        this.maxSize = maxSize;
        boolean newInterval = !interval.equals(this.interval);
        this.interval = interval;
        if (newInterval && task != null) {
            reschedule(interval);
        }
    }

    /** Runs {@code change} on the watcher's thread, then reads every file: a file just added takes its baseline at once. */
    public void onItsThread(Runnable change) {
        try {
            scheduler.execute(() -> {
                change.run();
                scan();
            });
        } catch (RuntimeException closed) {
            // the watcher is closed: nothing to read
        }
    }

    /** How often the files are read now. */
    public synchronized Duration interval() {
        return interval;
    }

    /** The watched paths, in order. */
    public synchronized List<Path> files() {
        return List.copyOf(watched.keySet());
    }

    public synchronized List<FileView> snapshot() {
        List<FileView> views = new ArrayList<>();
        for (Watched w : watched.values()) {
            Fingerprint f = w.logged;
            views.add(new FileView(w.path.toString(), f == null ? null : f.hash(), f == null ? -1 : f.size(),
                    w.lastChange, f != null && f.missing(), f != null && f.tooLarge(), w.changes));
        }
        return views;
    }

    /** One cycle: read every file, log and deliver what changed. Never throws. */
    synchronized void scan() {
        for (Watched w : List.copyOf(watched.values())) {
            try {
                scan(w);
            } catch (Throwable e) {
                LOG.error("file={} could not be checked: {}", w.path, e.toString());
            }
        }
    }

    private void scan(Watched w) {
        Fingerprint now = Fingerprint.of(w.path, maxSize);
        if (w.delivered == null) {
            baseline(w, now);
            return;
        }
        if (!now.same(w.logged)) {
            log(w, w.logged, now);
            w.logged = now;
            w.lastChange = Instant.now();
            w.changes++;
        }
        if (!now.same(w.delivered)) {
            try {
                listener.changed(new FileChange(w.path, kind(w.delivered, now), w.delivered.hash(), now.hash(), now.size()));
                w.delivered = now;
                w.failureReported = false;
            } catch (Throwable e) {
                if (!w.failureReported) {
                    w.failureReported = true;
                    LOG.error("file={} handling its change failed ({}); retried every {} until it succeeds",
                            w.path, e.toString(), Durations.format(interval));
                }
            }
        }
    }

    private void baseline(Watched w, Fingerprint now) {
        w.delivered = now;
        w.logged = now;
        if (now.missing()) {
            LOG.warn("file={} MISSING (reported once; its appearance will be)", w.path);
        } else if (now.tooLarge()) {
            LOG.warn("file={} size={} is larger than watchdog.files.max-size={}; not read", w.path, now.size(), Sizes.format(maxSize));
        } else if (now.error() != null) {
            LOG.warn("file={} cannot be read: {}", w.path, now.error());
        } else if (listener.announceBaseline(w.path)) {
            LOG.info("file={} baseline sha256={} size={}", w.path, now.hash(), now.size());
        } else {
            LOG.debug("file={} baseline sha256={} size={}", w.path, now.hash(), now.size());
        }
        flagWritable(w.path);
    }

    private void log(Watched w, Fingerprint before, Fingerprint now) {
        if (now.missing()) {
            LOG.warn("file={} MISSING (was sha256={}); reported once", w.path, before.shown());
        } else if (before.missing()) {
            LOG.warn("file={} is back sha256={} size={}", w.path, now.shown(), now.size());
        } else if (now.tooLarge()) {
            LOG.warn("file={} changed old={} size={} is larger than watchdog.files.max-size={}; not read",
                    w.path, before.shown(), now.size(), Sizes.format(maxSize));
        } else if (now.error() != null) {
            LOG.warn("file={} cannot be read: {}", w.path, now.error());
        } else {
            LOG.warn("file={} changed old={} new={} size={}", w.path, before.shown(), now.hash(), now.size());
        }
    }

    /** Anyone in the file's group, or anyone at all, could change what the application reads. */
    private static void flagWritable(Path path) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path.toRealPath());
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("file={} is writable by {} ({}): it can be tampered with", path,
                        perms.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group",
                        PosixFilePermissions.toString(perms));
            }
        } catch (UnsupportedOperationException | java.io.IOException | SecurityException e) {
            // not a POSIX file system, or the file is not there: nothing to flag
        }
    }

    private static FileChange.Kind kind(Fingerprint before, Fingerprint now) {
        if (now.missing()) {
            return FileChange.Kind.MISSING;
        }
        if (now.tooLarge()) {
            return FileChange.Kind.TOO_LARGE;
        }
        if (now.error() != null) {
            return FileChange.Kind.UNREADABLE;
        }
        return before.hash() == null ? FileChange.Kind.RETURNED : FileChange.Kind.CHANGED;
    }

    private void reschedule(Duration firstDelay) {
        if (task != null) {
            task.cancel(false);
        }
        task = scheduler.scheduleWithFixedDelay(this::scan, firstDelay.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
    }
}
