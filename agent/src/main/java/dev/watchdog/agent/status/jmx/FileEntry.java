package dev.watchdog.agent.status.jmx;

import javax.management.ConstructorParameters;

/** One watched file as JMX shows it (a CompositeData row); a bean class because MXBeans map getters, not records. */
public final class FileEntry {

    private final String path;
    private final String hash;
    private final String lastChange;
    private final boolean missing;
    private final long changes;

    @ConstructorParameters({"path", "hash", "lastChange", "missing", "changes"})
    public FileEntry(String path, String hash, String lastChange, boolean missing, long changes) {
        this.path = path;
        this.hash = hash;
        this.lastChange = lastChange;
        this.missing = missing;
        this.changes = changes;
    }

    public String getPath() {
        return path;
    }

    public String getHash() {
        return hash;
    }

    public String getLastChange() {
        return lastChange;
    }

    public boolean isMissing() {
        return missing;
    }

    public long getChanges() {
        return changes;
    }
}
