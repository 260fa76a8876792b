package dev.watchdog.agent.breaker;

import dev.watchdog.agent.hosts.HostPort;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.bootstrap.AgentThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.tinylog.TaggedLogger;

/**
 * Every host's breaker, created on first use. Targets hold hosts open; the last UP releases them.
 * Operators may force a host's breaker open or closed until they release it.
 */
public final class HostBreakers {

    private static final TaggedLogger LOG = AgentLog.of("breaker");
    /** Hosts seen only through failures get breakers too, up to this many (a bound, not a limit in practice). */
    static final int MAX_PASSIVE_HOSTS = 1024;

    private final ConcurrentHashMap<String, HostBreaker> breakers = new ConcurrentHashMap<>();
    private volatile BreakerListener listener;
    private volatile PassivePolicy passive;
    private volatile ScheduledExecutorService timer;

    /**
     * Turns passive detection on: breakers created from now on learn from the application's own
     * connection failures (call before the first breaker exists). Half-opens run on one daemon timer.
     */
    public synchronized void enablePassive(PassivePolicy policy) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> new AgentThread(task, "watchdog-breaker-timer"));
        }
        passive = policy;
    }

    /**
     * A reload's passive settings: breakers created from now on take them, existing ones when closed
     * (see {@link HostBreaker#reconfigure}). Whether passive detection runs at all is decided at start.
     */
    public void reconfigure(PassivePolicy policy) {
        if (passive == null) {
            return;
        }
        passive = policy;
        breakers.values().forEach(b -> b.reconfigure(policy));
    }

    /** The passive settings breakers are armed with now; null when passive detection is off. */
    public PassivePolicy passivePolicy() {
        return passive;
    }

    /** The passive settings {@code host}'s breaker follows now; null when it has none. */
    PassivePolicy policy(String host) {
        HostBreaker b = breakers.get(host);
        return b == null ? null : b.policy();
    }

    /** A connection-level failure of an application call to {@code host} (passive detection). */
    public void failed(String host, String reason) {
        if (passive == null) {
            return;
        }
        HostBreaker b = breakers.get(host);
        if (b == null) {
            if (breakers.size() >= MAX_PASSIVE_HOSTS) {
                return;
            }
            b = breaker(host);
        }
        b.failure(reason);
    }

    /** A call to {@code host} went through while it was half-open: a trial succeeded. */
    public void succeeded(String host) {
        HostBreaker b = breakers.get(host);
        if (b != null) {
            b.success();
        }
    }

    /** Every later state change of every breaker goes to this listener (null: none). */
    public void setListener(BreakerListener listener) {
        this.listener = listener;
    }

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
        rejected(host, 1);
    }

    /** {@code calls} calls to the host were rejected. */
    public void rejected(String host, long calls) {
        HostBreaker b = breakers.get(host);
        if (b != null) {
            b.countRejections(calls);
        }
    }

    /** A read-only view for status surfaces. */
    public List<BreakerView> snapshot() {
        List<BreakerView> views = new ArrayList<>();
        breakers.values().forEach(b -> views.add(new BreakerView(b.host(), b.state(), b.since(), b.reason(),
                b.rejectedCalls(), b.lastFailure(), b.lastFailureAt())));
        views.sort((a, b) -> a.host().compareTo(b.host()));
        return views;
    }

    /**
     * Operator: calls to the host fail fast until {@link #release}, whatever the health checks say.
     * A host no target covers gets a breaker too. @return what changed, e.g. "db:5432 CLOSED -> FORCED_OPEN"
     * @throws IllegalArgumentException when host is not {@code host:port}
     */
    public String forceOpen(String host) {
        return force(host, HostBreaker.Forced.OPEN, "forceOpen");
    }

    /** Operator: calls to the host go through until {@link #release}, even while its targets are DOWN. */
    public String forceClosed(String host) {
        return force(host, HostBreaker.Forced.CLOSED, "forceClosed");
    }

    /** Operator: ends a forced state; the breaker follows the health checks again. */
    public String release(String host) {
        String key = key(host);
        HostBreaker b = breakers.get(key);
        if (b == null) {
            String result = key + " has no breaker; nothing to release";
            LOG.info("operation=release host={} changed=false ({})", key, result);
            return result;
        }
        BreakerState before = b.unforce();
        return changed("release", key, before, b.state());
    }

    private String force(String host, HostBreaker.Forced state, String operation) {
        String key = key(host);
        HostBreaker b = breaker(key);
        BreakerState before = b.force(state);
        return changed(operation, key, before, b.state());
    }

    private static String changed(String operation, String host, BreakerState before, BreakerState after) {
        String result = host + " " + before + " -> " + after;
        LOG.info("operation={} host={} from={} to={} changed={}", operation, host, before, after, before != after);
        return result;
    }

    /** The canonical gate key of what an operator typed: "DB:5432", "[::1]:5432". */
    private static String key(String host) {
        HostPort hp = HostPort.parse(host);
        String key = hp == null ? null : hp.key(-1);
        if (key == null) {
            throw new IllegalArgumentException("\"" + host + "\" is not host:port (IPv6 as [::1]:5432)");
        }
        return key;
    }

    private HostBreaker breaker(String host) {
        PassivePolicy policy = passive;
        return breakers.computeIfAbsent(host, h -> policy == null ? new HostBreaker(h, this::fire)
                : new HostBreaker(h, this::fire, policy, timer));
    }

    private void fire(String host, BreakerState from, BreakerState to, String reason) {
        BreakerListener l = listener;
        if (l != null) {
            try {
                l.changed(host, from, to, reason);
            } catch (Throwable e) {
                LOG.error("host={} breaker listener failed: {}", host, e.toString());
            }
        }
    }
}
