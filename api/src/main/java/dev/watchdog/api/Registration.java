package dev.watchdog.api;

/**
 * What a registration returns: {@link #close()} undoes it (a listener is no longer called, a file no longer watched,
 * a check no longer run and the agent keeps no reference to it). Closing twice, or without the agent, is harmless.
 */
public interface Registration extends AutoCloseable {

    /** Never throws. */
    @Override
    void close();
}
