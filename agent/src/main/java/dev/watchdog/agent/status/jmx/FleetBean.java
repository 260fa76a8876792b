package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.status.FleetStatus;
import dev.watchdog.agent.status.StatusSource;

/** Reads the fleet's status afresh at each attribute; empty values once fleet mode is gone. */
final class FleetBean implements FleetMXBean {

    private static final FleetStatus NONE = new FleetStatus("", "", "OFF", "", false, null, "", java.util.List.of(),
            java.util.List.of(), 0, java.util.Map.of(), 0, 0, 0);

    private final StatusSource source;

    FleetBean(StatusSource source) {
        this.source = source;
    }

    private FleetStatus fleet() {
        FleetStatus f = source.fleet();
        return f == null ? NONE : f;
    }

    @Override
    public String getFleet() {
        return fleet().fleet();
    }

    @Override
    public String getMember() {
        return fleet().member();
    }

    @Override
    public String getMode() {
        return fleet().mode();
    }

    @Override
    public String getRedis() {
        return dev.watchdog.agent.hosts.Secrets.redact(fleet().redis());
    }

    @Override
    public boolean isRedisUp() {
        return fleet().redisUp();
    }

    @Override
    public String[] getMembers() {
        return fleet().members().toArray(String[]::new);
    }

    @Override
    public String[] getTargets() {
        return fleet().targets().stream().map(FleetBean::line).toArray(String[]::new);
    }

    /** "db probers=a,b,c here=true fleet=UP source=own" (and " alone" when so). */
    static String line(FleetStatus.Target t) {
        return t.name() + " probers=" + String.join(",", t.probers()) + " here=" + t.probedHere() + " fleet=" + t.fleetVerdict()
                + " source=" + t.source() + (t.alone() ? " alone" : "");
    }

    @Override
    public String[] getAloneTargets() {
        return fleet().targets().stream().filter(FleetStatus.Target::alone).map(FleetStatus.Target::name).toArray(String[]::new);
    }

    @Override
    public long getMessagesReceived() {
        return fleet().messagesReceived();
    }

    @Override
    public long getMessagesDropped() {
        return fleet().droppedTotal();
    }
}
