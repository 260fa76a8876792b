package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.StatusSource;
import java.util.List;

final class FilesBean implements FilesMXBean {

    private final StatusSource source;

    FilesBean(StatusSource source) {
        this.source = source;
    }

    @Override
    public List<FileEntry> getFiles() {
        return source.files().stream()
                .map(f -> new FileEntry(f.path(), f.hash(), Iso.of(f.lastChange()), f.missing(), f.changes()))
                .toList();
    }
}
