package dev.watchdog.agent.status;

import dev.watchdog.agent.breaker.HostBreakers;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator's operations: breaker overrides act on {@link HostBreakers} (which logs each one);
 * re-check and reload are delegated to whatever the agent wires in.
 */
public final class BreakerOperations implements Operations {

    private final HostBreakers breakers;
    private final Function<String, String> recheck;
    private final Supplier<String> reload;

    /**
     * @param recheck runs a target's check now and says what it found; throws IllegalArgumentException for an unknown target
     * @param reload reloads the configuration and says the result
     */
    public BreakerOperations(HostBreakers breakers, Function<String, String> recheck, Supplier<String> reload) {
        this.breakers = breakers;
        this.recheck = recheck;
        this.reload = reload;
    }

    @Override
    public String forceOpen(String host) {
        return breakers.forceOpen(host);
    }

    @Override
    public String forceClosed(String host) {
        return breakers.forceClosed(host);
    }

    @Override
    public String release(String host) {
        return breakers.release(host);
    }

    @Override
    public String recheck(String target) {
        return recheck.apply(target);
    }

    @Override
    public String reload() {
        return reload.get();
    }
}
