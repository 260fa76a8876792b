package dev.watchdog.agent.resources;

import dev.watchdog.agent.log.AgentLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.TaggedLogger;

/** {@code on-overload=thread-dump}: a jstack-like dump into the dump directory, within its cooldown and keep rules. */
final class ThreadDumpAction implements OverloadAction {

    private static final TaggedLogger LOG = AgentLog.of("resources");

    private final DumpDirectory dumps;

    ThreadDumpAction(DumpDirectory dumps) {
        this.dumps = dumps;
    }

    @Override
    public void onOverload(Overload overload, ResourceSnapshot snapshot) {
        if (!dumps.tryAcquire()) {
            LOG.debug("thread dump skipped: cooldown");
            return;
        }
        try {
            Path file = dumps.newFile("threads", "txt");
            Files.writeString(file, ThreadDumps.dump("overload " + overload.resource() + " " + snapshot), StandardCharsets.UTF_8);
            dumps.prune();
            LOG.info("thread dump written file={}", file);
        } catch (Exception e) {
            LOG.warn("thread dump failed dir={}: {}", dumps.dir(), e.toString());
        }
    }
}
