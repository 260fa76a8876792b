package dev.watchdog.agent.status.jmx;

/**
 * {@code watchdog:type=Fleet}, registered in fleet mode only: this member, the members it sees, the targets it
 * probes for the fleet, where each verdict came from, and the messages it dropped. The Redis URL is masked.
 */
public interface FleetMXBean {

    String getFleet();

    String getMember();

    /** FLEET, or FALLBACK while the fleet's Redis is unavailable (this member then probes every target itself). */
    String getMode();

    String getRedis();

    boolean isRedisUp();

    String[] getMembers();

    /** One line per target: name, its probers, whether this member probes it, the fleet's verdict, this member's source. */
    String[] getTargets();

    /** Targets this member alone cannot reach while the fleet says UP: their hosts are open for it only. */
    String[] getAloneTargets();

    long getMessagesReceived();

    long getMessagesDropped();
}
