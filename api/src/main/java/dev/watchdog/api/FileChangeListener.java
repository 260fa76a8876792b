package dev.watchdog.api;

/** Told of every change of a watched file (see {@link Watchdog#onFileChange}). */
@FunctionalInterface
public interface FileChangeListener {

    void changed(FileChangeEvent event) throws Exception;
}
