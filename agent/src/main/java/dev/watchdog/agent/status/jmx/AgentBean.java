package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.status.AgentInfo;
import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.Operations;
import dev.watchdog.agent.status.StatusSource;

final class AgentBean extends ChangeNotifier implements AgentMXBean {

    private final StatusSource source;
    private final Operations operations;

    AgentBean(StatusSource source, Operations operations) {
        this.source = source;
        this.operations = operations;
    }

    private AgentInfo info() {
        return source.agent();
    }

    @Override
    public String getVersion() {
        return info().version();
    }

    @Override
    public String getConfigPath() {
        return info().configPath();
    }

    @Override
    public String getConfigHash() {
        return info().configHash();
    }

    @Override
    public String getMode() {
        return info().mode();
    }

    @Override
    public String getStartedAt() {
        return Iso.of(info().startedAt());
    }

    @Override
    public String getLastReload() {
        return Iso.of(info().lastReload());
    }

    @Override
    public String getLastReloadResult() {
        return info().lastReloadResult();
    }

    @Override
    public String forceOpen(String host) {
        return operations.forceOpen(host);
    }

    @Override
    public String forceClosed(String host) {
        return operations.forceClosed(host);
    }

    @Override
    public String release(String host) {
        return operations.release(host);
    }

    @Override
    public String recheck(String target) {
        return operations.recheck(target);
    }

    @Override
    public String reload() {
        return operations.reload();
    }
}
