package dev.watchdog.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.config.ConfigLoader;
import dev.watchdog.agent.config.ConfigResult;
import dev.watchdog.agent.health.Await;
import dev.watchdog.agent.health.HealthListener;
import dev.watchdog.agent.health.HealthPinger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file the application adds (the Java API) is watched across reloads until closed; every change reaches the listeners. */
class WatchFromCodeTest {

    @TempDir
    Path dir;

    @Test
    void aFileAddedFromCodeIsWatchedAcrossReloadsUntilClosed() throws Exception {
        String common = "watchdog.files.interval=50ms\n";
        Path config = Files.writeString(dir.resolve("watchdog.properties"), common, StandardCharsets.UTF_8);
        Path added = Files.writeString(dir.resolve("app.yaml"), "a: 1\n");
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        ConfigResult first = ConfigLoader.load(config, null, Map.of(), sys);
        List<FileChange> seen = new CopyOnWriteArrayList<>();
        try (HealthPinger pinger = new HealthPinger(first.config(), (HealthListener) (t, f, to, r) -> { })) {
            ConfigReloader reloader = new ConfigReloader(config, null, Map.of(), sys, first.config(), pinger);
            reloader.also(seen::add);
            try (ConfigWatcher watcher = reloader.startWatching()) {
                Runnable unwatch = reloader.watch(added);
                Await.until("baseline of the added file", () -> hashOf(reloader, added) != null, reloader::snapshot);

                Files.writeString(added, "a: 2\n");
                Await.until("its change", () -> seen.stream().anyMatch(c -> c.path().equals(added)), () -> seen);
                FileChange change = seen.stream().filter(c -> c.path().equals(added)).findFirst().orElseThrow();
                assertEquals(FileChange.Kind.CHANGED, change.kind());
                assertEquals(Fingerprint.of(added, Long.MAX_VALUE).hash(), change.newHash());

                replace(config, common + "watchdog.files.max-size=1MB\n");
                Await.until("reloaded", () -> reloader.lastReload() != null, reloader::snapshot);
                Await.until("the config file's change reported too", () -> seen.stream().anyMatch(c -> c.path().equals(config)), () -> seen);
                assertTrue(watcher.files().contains(added), "still watched after a reload: " + watcher.files());

                unwatch.run();
                Await.until("no longer watched", () -> !reloader.watcher().files().contains(added), reloader::snapshot);
                assertTrue(watcher.files().contains(config));
                assertFalse(reloader.snapshot().stream().anyMatch(f -> f.path().equals(added.toString())));
            }
        }
    }

    private static String hashOf(ConfigReloader reloader, Path file) {
        return reloader.snapshot().stream().filter(f -> f.path().equals(file.toString())).map(FileView::hash)
                .findFirst().orElse(null);
    }

    private static void replace(Path file, String content) throws Exception {
        Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
