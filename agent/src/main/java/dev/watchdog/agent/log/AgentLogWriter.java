package dev.watchdog.agent.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.ConsoleWriter;
import org.tinylog.writers.Writer;

/**
 * The agent's tinylog writer: every line, to a log file (rotated by size) or to stderr. tinylog creates
 * it by class name from {@link AgentLog#configure}'s settings ({@code writer.file}, {@code writer.max-size}
 * in bytes, {@code writer.keep}, {@code writer.format}: text or json, {@code writer.time}: utc or off).
 * Without a file, lines go to stderr through tinylog's own console writer.
 */
public final class AgentLogWriter implements Writer {

    /** The writer tinylog made last: the one a reload's live log settings go to. */
    private static volatile AgentLogWriter current;

    private LogFormat format;
    /** Text lines start with their time; JSON lines always have it. */
    private boolean timed;
    private final RotatingFile file;
    private final ConsoleWriter console;

    public AgentLogWriter(Map<String, String> properties) throws IOException {
        format(properties.get("format"), properties.get("time"));
        String path = properties.get("file");
        if (path == null || path.isBlank()) {
            this.file = null;
            this.console = new ConsoleWriter(Map.of("stream", "err", "format", "{message-only}"));
        } else {
            this.file = new RotatingFile(Path.of(path), Long.parseLong(properties.getOrDefault("max-size", "10485760")),
                    Integer.parseInt(properties.getOrDefault("keep", "5")));
            this.console = null;
        }
        current = this;
    }

    /** Live settings (a reload): the next line is written with them; size and keep apply to a log file only. */
    static void reconfigure(long maxBytes, int keep, String format, String time) {
        AgentLogWriter writer = current;
        if (writer != null) {
            writer.apply(maxBytes, keep, format, time);
        }
    }

    synchronized void apply(long maxBytes, int keep, String format, String time) {
        format(format, time);
        if (file != null) {
            file.limit(maxBytes, keep);
        }
    }

    private void format(String name, String time) {
        format = LogFormat.of(name);
        timed = format == LogFormat.JSON || !"off".equals(time);
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.TAG, LogEntryValue.MESSAGE,
                LogEntryValue.EXCEPTION);
    }

    /** Called on the logging thread (no writing thread): serialised here. */
    @Override
    public synchronized void write(LogEntry entry) throws Exception {
        String line = format.line(timed ? entry.getTimestamp().toInstant() : null,
                entry.getLevel().name(), entry.getTag() == null ? "agent" : entry.getTag(),
                entry.getMessage() == null ? "" : entry.getMessage(), entry.getException());
        if (file != null) {
            file.write(line);
        } else {
            console.write(new LogEntry(entry.getTimestamp(), null, null, null, null, null, -1, entry.getTag(),
                    entry.getLevel(), line, null));
        }
    }

    @Override
    public void flush() {
        // every line is flushed as it is written
    }

    @Override
    public synchronized void close() throws Exception {
        if (file != null) {
            file.close();
        } else {
            console.close();
        }
    }
}
