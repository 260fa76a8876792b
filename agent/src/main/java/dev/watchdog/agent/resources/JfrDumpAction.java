package dev.watchdog.agent.resources;

import dev.watchdog.agent.log.AgentLog;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.tinylog.TaggedLogger;

/**
 * {@code on-overload=jfr}: dumps the flight recording already running (what led to the overload),
 * or, when none runs, starts a short one with the {@code default} settings whose file is written
 * when it ends. Same cooldown and keep rules as thread dumps. A runtime without the
 * {@code jdk.jfr} module says so once.
 */
final class JfrDumpAction implements OverloadAction {

    static final Duration SHORT_RECORDING = Duration.ofSeconds(30);
    private static final TaggedLogger LOG = AgentLog.of("resources");

    private final DumpDirectory dumps;
    private boolean unavailable;

    JfrDumpAction(DumpDirectory dumps) {
        this.dumps = dumps;
    }

    @Override
    public void onOverload(Overload overload, ResourceSnapshot snapshot) {
        if (unavailable || !dumps.tryAcquire()) {
            return;
        }
        try {
            Path file = dumps.newFile("jfr", "jfr");
            Recording running = running();
            if (running != null) {
                running.dump(file);
                LOG.info("flight recording dumped recording={} file={}", running.getName(), file);
            } else {
                Recording r = new Recording(Configuration.getConfiguration("default"));
                r.setName("watchdog-overload-" + overload.resource());
                r.setToDisk(true);
                r.setDuration(SHORT_RECORDING);
                r.setDestination(file);
                r.start();
                LOG.info("flight recording started duration={}s file={} (written when it ends)", SHORT_RECORDING.toSeconds(), file);
            }
            dumps.prune();
        } catch (NoClassDefFoundError e) {
            unavailable = true;
            LOG.warn("JFR dump unavailable: this runtime has no jdk.jfr module");
        } catch (Exception e) {
            LOG.warn("JFR dump failed dir={}: {}", dumps.dir(), e.toString());
        }
    }

    private static Recording running() {
        if (!FlightRecorder.isAvailable() || !FlightRecorder.isInitialized()) {
            return null;
        }
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                return r;
            }
        }
        return null;
    }
}
