package dev.watchdog.agent.resources;

/** Reads host CPU, memory and swap. Called only from the watcher's thread. */
interface HostReader {

    /** Short name for readings' sources: {@code oshi} or {@code jdk}. */
    String name();

    HostSample sample();

    /** Creates a reader; may throw anything (UnsatisfiedLinkError, NoClassDefFoundError...) when natives cannot load. */
    @FunctionalInterface
    interface Factory {
        HostReader create() throws Throwable;
    }
}
