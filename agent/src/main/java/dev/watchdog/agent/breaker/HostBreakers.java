package dev.watchdog.agent.breaker;

import dev.watchdog.bootstrap.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Every host's breaker, created on first use. Targets hold hosts open; the last UP releases them. */
public final class HostBreakers {

    private final ConcurrentHashMap<String, HostBreaker> breakers = new ConcurrentHashMap<>();

    /** A target went DOWN: hold each of its hosts open. @return the hosts whose breaker opened now */
    public List<String> targetDown(String target, List<String> hosts, String reason) {
        List<String> opened = new ArrayList<>();
        for (String host : hosts) {
            if (breaker(host).hold(target, reason)) {
                opened.add(host);
            }
        }
        return opened;
    }

    /** A target is UP (or removed): release its hold. @return the hosts whose breaker closed now */
    public List<String> targetUp(String target, List<String> hosts) {
        List<String> closed = new ArrayList<>();
        for (String host : hosts) {
            HostBreaker b = breakers.get(host);
            if (b != null && b.release(target)) {
                closed.add(host);
            }
        }
        return closed;
    }

    /** Counts a rejection made by the gate. */
    public void rejected(String host) {
        HostBreaker b = breakers.get(host);
        if (b != null) {
            b.countRejection();
        }
    }

    public boolean isOpen(String host) {
        return Gate.isOpen(host);
    }

    /** A read-only view for status surfaces. */
    public List<BreakerView> snapshot() {
        List<BreakerView> views = new ArrayList<>();
        breakers.values().forEach(b -> views.add(
                new BreakerView(b.host(), b.state().name(), b.since(), b.reason(), b.rejectedCalls())));
        views.sort((a, b) -> a.host().compareTo(b.host()));
        return views;
    }

    private HostBreaker breaker(String host) {
        return breakers.computeIfAbsent(host, HostBreaker::new);
    }
}
