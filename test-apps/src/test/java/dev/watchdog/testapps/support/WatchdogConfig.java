package dev.watchdog.testapps.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A watchdog.properties for a test: fast health checks, then the test's targets. */
public final class WatchdogConfig {

    /** Health checks every 500 ms with a 300 ms timeout: a change is seen within 800 ms. */
    public static final long INTERVAL_MS = 500;
    public static final long TIMEOUT_MS = 300;

    private final Map<String, String> entries = new LinkedHashMap<>();

    private WatchdogConfig(boolean fast) {
        if (!fast) {
            return;
        }
        entries.put("watchdog.health.interval", INTERVAL_MS + "ms");
        entries.put("watchdog.health.timeout", TIMEOUT_MS + "ms");
        entries.put("watchdog.health.unhealthy-threshold", "1");
        entries.put("watchdog.health.healthy-threshold", "1");
        // The resource watcher stays on (its loading is part of a clean start), but a CI machine
        // busy with the build itself must not make these tests about fail-fast see an overload.
        entries.put("watchdog.resources.cpu-threshold", "100");
        entries.put("watchdog.resources.sustain", "1000");
        // These tests judge steady-state fail-fast from the first outage on, which may come within the
        // default 2 s before the agent installs its instrumentation; DeferredInstallTest covers the default.
        entries.put("watchdog.instrument.delay", "0");
    }

    public static WatchdogConfig fast() {
        return new WatchdogConfig(true);
    }

    /** Nothing but what the test sets: every other key at the agent's default, as a user would start. */
    public static WatchdogConfig defaults() {
        return new WatchdogConfig(false);
    }

    /**
     * The socket-level fallback off: a call is then rejected only by its client's own hook. With the
     * fallback on, a client whose hook did nothing would still be refused at its connect, with the same
     * exception and message, and a test of that hook could not fail.
     */
    public WatchdogConfig clientHooksOnly() {
        return set("watchdog.socket.enabled", "false");
    }

    public WatchdogConfig target(String name, String check) {
        return set("watchdog.target." + name + ".check", check);
    }

    public WatchdogConfig set(String key, String value) {
        entries.put(key, value);
        return this;
    }

    /** Leaves {@code key} to the agent's default. */
    public WatchdogConfig without(String key) {
        entries.remove(key);
        return this;
    }

    public Path write(Path dir) throws IOException {
        String text = entries.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by an end-to-end test\n", "\n"));
        return Files.writeString(dir.resolve("watchdog.properties"), text);
    }
}
