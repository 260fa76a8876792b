package dev.watchdog.agent.files;

/** Told of each change of a watched file, on the watcher's thread. Throwing makes the watcher deliver it again next cycle. */
@FunctionalInterface
public interface FileListener {

    void changed(FileChange change) throws Exception;
}
