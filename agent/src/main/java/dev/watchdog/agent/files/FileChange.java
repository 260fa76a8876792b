package dev.watchdog.agent.files;

import java.nio.file.Path;

/**
 * One change of a watched file, as delivered to a {@link FileListener}.
 *
 * @param oldHash the hash last delivered; null when the file was missing, too large or unreadable
 * @param newHash the hash now; null when the file is missing, too large or unreadable
 * @param size bytes now; -1 when missing
 */
public record FileChange(Path path, Kind kind, String oldHash, String newHash, long size) {

    public enum Kind { CHANGED, MISSING, RETURNED, TOO_LARGE, UNREADABLE }
}
