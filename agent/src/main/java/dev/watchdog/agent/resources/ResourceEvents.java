package dev.watchdog.agent.resources;

/** What the watcher reports; the log in production ({@link LogEvents}), a recorder in tests. */
interface ResourceEvents {

    void overloadStarted(Overload overload, ResourceSnapshot snapshot);

    void overloadEnded(Overload overload, ResourceSnapshot snapshot);

    /** oshi could not load: said once, and the JDK's MXBean is used from then on. */
    void hostReaderFallback(String reason);

    /** Sampling itself failed (said once per distinct failure, never per sample). */
    void samplingFailed(Throwable e);
}
