package dev.watchdog.agent.status.jmx;

import dev.watchdog.agent.breaker.BreakerView;
import dev.watchdog.agent.log.AgentLog;
import dev.watchdog.agent.status.Operations;
import dev.watchdog.agent.status.StatusSource;
import dev.watchdog.agent.status.TargetStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.tinylog.TaggedLogger;

/**
 * Keeps the {@code watchdog} MBeans in step with the agent: one bean per breaker and per target,
 * registered as they appear and unregistered as they go ({@link #sync}, on the status thread).
 * Breaker notifications come from the breakers' listener ({@link #breakerChanged}); target health
 * notifications from comparing each sync with the one before, a sync that every health change
 * triggers (StatusService#healthChanged), so each change is told once and at once.
 * Not thread-safe: call only from the status thread.
 */
public final class JmxRegistry {

    private static final TaggedLogger LOG = AgentLog.of("status");

    private final MBeanServer server;
    private final StatusSource source;
    private final Operations operations;
    private final AgentBean agent;
    private final Map<String, BreakerBean> breakers = new HashMap<>();
    private final Map<String, TargetBean> targets = new HashMap<>();
    private final Map<String, String> lastHealth = new HashMap<>();
    private final Set<ObjectName> registered = new HashSet<>();

    public JmxRegistry(MBeanServer server, StatusSource source, Operations operations) {
        this.server = server;
        this.source = source;
        this.operations = operations;
        this.agent = new AgentBean(source, operations);
    }

    public void start() {
        register(ObjectNames.agent(), agent);
        register(ObjectNames.resources(), new ResourcesBean(source));
        register(ObjectNames.files(), new FilesBean(source));
        if (source.fleet() != null) {
            register(ObjectNames.fleet(), new FleetBean(source));
        }
        sync();
    }

    /** Registers new breakers and targets, unregisters removed ones, notifies target health changes. */
    public void sync() {
        Set<String> hosts = new HashSet<>();
        for (BreakerView b : source.breakers()) {
            hosts.add(b.host());
            if (!breakers.containsKey(b.host())) {
                BreakerBean bean = new BreakerBean(b.host(), source, operations);
                if (register(ObjectNames.breaker(b.host()), bean)) {
                    breakers.put(b.host(), bean);
                }
            }
        }
        breakers.keySet().removeIf(host -> !hosts.contains(host) && unregister(ObjectNames.breaker(host)));

        Set<String> names = new HashSet<>();
        for (TargetStatus t : source.targets()) {
            names.add(t.name());
            TargetBean bean = targets.get(t.name());
            if (bean == null) {
                bean = new TargetBean(t.name(), source, operations);
                if (register(ObjectNames.target(t.name()), bean)) {
                    targets.put(t.name(), bean);
                }
            } else {
                String before = lastHealth.get(t.name());
                if (before != null && !before.equals(t.health())) {
                    String message = "target " + t.name() + " " + before + " -> " + t.health()
                            + (t.reason().isEmpty() ? "" : ": " + t.reason());
                    bean.changed(ObjectNames.target(t.name()), "Health", before, t.health(), message, t.name());
                    agent.changed(ObjectNames.agent(), "TargetHealth", before, t.health(), message, t.name());
                }
            }
            lastHealth.put(t.name(), t.health());
        }
        targets.keySet().removeIf(name -> !names.contains(name) && unregister(ObjectNames.target(name)));
        lastHealth.keySet().retainAll(names);
    }

    /** A breaker changed state: make sure its bean exists, then notify on it and on the Agent bean. */
    public void breakerChanged(String host, String from, String to, String reason) {
        sync();
        String message = "breaker " + host + " " + from + " -> " + to + (reason.isEmpty() ? "" : ": " + reason);
        BreakerBean bean = breakers.get(host);
        if (bean != null) {
            bean.changed(ObjectNames.breaker(host), "State", from, to, message, host);
        }
        agent.changed(ObjectNames.agent(), "BreakerState", from, to, message, host);
    }

    public void stop() {
        for (ObjectName name : Set.copyOf(registered)) {
            unregister(name);
        }
        breakers.clear();
        targets.clear();
    }

    private boolean register(ObjectName name, Object bean) {
        try {
            server.registerMBean(bean, name);
            registered.add(name);
            return true;
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("MBean {} is already registered (another agent in this JVM?); not replacing it", name);
        } catch (Exception e) {
            LOG.warn("cannot register MBean {}: {}", name, e.toString());
        }
        return false;
    }

    private boolean unregister(ObjectName name) {
        try {
            if (registered.remove(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            LOG.debug("unregistering {}: {}", name, e.toString());
        }
        return true;
    }
}
