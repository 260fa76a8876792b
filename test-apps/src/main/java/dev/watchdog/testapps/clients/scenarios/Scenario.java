package dev.watchdog.testapps.clients.scenarios;

import dev.watchdog.testapps.net.TcpProxy;
import java.io.IOException;

/**
 * The outages every client is measured in. The window (the calls judged) starts at {@code t0}: the
 * moment of the fault for a warm connection, the application's first call (with the agent: its first call
 * once the agent has started) for an outage there from the start, the restore for the recovery.
 */
public enum Scenario {
    /** Calls work (connections pooled and warm), then the network swallows everything. */
    WARM_THEN_BLACKHOLED("warm, then blackholed", true),
    /** The dependency is down (connects refused) before the application starts. */
    REFUSED_FROM_START("refused from the start", false),
    /** The network swallows everything before the application starts. */
    BLACKHOLED_FROM_START("blackholed from the start", false),
    /** Calls work, the network swallows everything for a while, then comes back: the calls after the restore. */
    RECOVERY("recovery after a blackhole", true);

    private final String label;
    private final boolean warm;

    Scenario(String label, boolean warm) {
        this.label = label;
        this.warm = warm;
    }

    public String label() {
        return label;
    }

    /** Whether the application must first have working calls: needs a backend that can answer. */
    public boolean needsWarm() {
        return warm;
    }

    /** The proxy's state before the application starts. */
    void beforeStart(TcpProxy proxy) throws IOException {
        switch (this) {
            case REFUSED_FROM_START -> proxy.refuse();
            case BLACKHOLED_FROM_START -> proxy.blackhole();
            default -> proxy.forward();
        }
    }

    /** By command-line name: the enum name in any case, dashes for underscores ({@code warm-then-blackholed}). */
    public static Scenario parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
