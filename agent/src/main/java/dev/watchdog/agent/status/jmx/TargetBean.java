package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.Operations;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import java.util.List;

/** Reads the target's current status at each attribute read. */
final class TargetBean extends ChangeNotifier implements TargetMXBean {

    private final String name;
    private final StatusSource source;
    private final Operations operations;

    TargetBean(String name, StatusSource source, Operations operations) {
        this.name = name;
        this.source = source;
        this.operations = operations;
    }

    private TargetStatus view() {
        for (TargetStatus t : source.targets()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return new TargetStatus(name, "", "", List.of(), "UNKNOWN", null, null, null, "", 0, 0, List.of(), 0, 0, 0);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getKind() {
        return view().kind();
    }

    @Override
    public String getCheck() {
        return view().check();
    }

    @Override
    public String[] getHosts() {
        return view().hosts().toArray(String[]::new);
    }

    @Override
    public String getHealth() {
        return view().health();
    }

    @Override
    public String getSince() {
        return Iso.of(view().since());
    }

    @Override
    public String getLastCheck() {
        return Iso.of(view().lastCheck());
    }

    @Override
    public double getLastLatencyMillis() {
        TargetStatus t = view();
        return t.lastLatency() == null ? -1 : t.lastLatency().toNanos() / 1e6;
    }

    @Override
    public String getReason() {
        return view().reason();
    }

    @Override
    public int getConsecutiveFailures() {
        return view().consecutiveFailures();
    }

    @Override
    public int getConsecutiveSuccesses() {
        return view().consecutiveSuccesses();
    }

    @Override
    public String[] getRecentTransitions() {
        return view().recentTransitions().toArray(String[]::new);
    }

    @Override
    public long getProbesSkipped() {
        return view().probesSkipped();
    }

    @Override
    public String recheck() {
        return operations.recheck(name);
    }
}
