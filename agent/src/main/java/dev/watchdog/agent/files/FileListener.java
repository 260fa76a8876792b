package dev.watchdog.agent.files;

/** Told of each change of a watched file, on the watcher's thread. Throwing makes the watcher deliver it again next cycle. */
@FunctionalInterface
public interface FileListener {

    void changed(FileChange change) throws Exception;

    /** Whether a file's first reading deserves an INFO line; the agent's own file is in the start line already. */
    default boolean announceBaseline(java.nio.file.Path path) {
        return true;
    }
}
