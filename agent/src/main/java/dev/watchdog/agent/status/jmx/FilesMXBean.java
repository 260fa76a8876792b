package dev.watchdog.agent.status.jmx;

import java.util.List;

/** {@code watchdog:type=Files}: every watched file; empty until files are watched. */
public interface FilesMXBean {

    List<FileEntry> getFiles();
}
