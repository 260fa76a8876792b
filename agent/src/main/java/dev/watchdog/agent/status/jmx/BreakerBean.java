package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.breaker.BreakerState;
import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.status.Iso;
import dev.watchdog.agent.status.Operations;
import dev.watchdog.agent.status.StatusSource;

/** Reads the breaker's current view at each attribute read. */
final class BreakerBean extends ChangeNotifier implements BreakerMXBean {

    private final String host;
    private final StatusSource source;
    private final Operations operations;

    BreakerBean(String host, StatusSource source, Operations operations) {
        this.host = host;
        this.source = source;
        this.operations = operations;
    }

    private BreakerView view() {
        for (BreakerView b : source.breakers()) {
            if (b.host().equals(host)) {
                return b;
            }
        }
        return new BreakerView(host, BreakerState.CLOSED, null, "", 0, "", null);
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public String getState() {
        return view().state().name();
    }

    @Override
    public boolean isOpen() {
        return view().open();
    }

    @Override
    public String getSince() {
        return Iso.of(view().since());
    }

    @Override
    public String getReason() {
        return view().reason();
    }

    @Override
    public long getRejectedCalls() {
        return view().rejectedCalls();
    }

    @Override
    public String getLastFailure() {
        return view().lastFailure();
    }

    @Override
    public String getLastFailureTime() {
        return Iso.of(view().lastFailureAt());
    }

    @Override
    public String forceOpen() {
        return operations.forceOpen(host);
    }

    @Override
    public String forceClosed() {
        return operations.forceClosed(host);
    }

    @Override
    public String release() {
        return operations.release(host);
    }
}
