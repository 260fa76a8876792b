package dev.watchdog.agent.resources;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the watcher reports, one string per line it would log. */
final class RecordingEvents implements ResourceEvents {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void overloadStarted(Overload o, ResourceSnapshot s) {
        lines.add("WARN start " + o.resource() + " " + s);
    }

    @Override
    public void overloadEnded(Overload o, ResourceSnapshot s) {
        lines.add("INFO end " + o.resource() + " " + s);
    }

    @Override
    public void hostReaderFallback(String reason) {
        lines.add("INFO fallback " + reason);
    }

    @Override
    public void samplingFailed(Throwable e) {
        lines.add("WARN failed " + e);
    }

    long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
