package dev.watchdog.agent.resources;

/**
 * A change of one resource's overload state.
 *
 * @param resource  {@code cpu}, {@code memory} or {@code heap}
 * @param threshold the configured percentage
 * @param percent   the value that made the change
 * @param started   true when the overload starts, false when it ends
 */
public record Overload(String resource, int threshold, double percent, boolean started) {
}
