package dev.watchdog.agent.status;

import dev.watchdog.bootstrap.OpenHosts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.status.jmx.AgentMXBean;
import dev.watchdog.agent.status.jmx.ObjectNames;
import dev.watchdog.agent.status.surfaces.StatusService;
import dev.watchdog.bootstrap.Gate;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.AttributeChangeNotification;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JmxTest {

    private final TestSource source = new TestSource();
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    private StatusService status;

    private void start() throws Exception {
        status = new StatusService(source, source.ops, 0, "127.0.0.1", null);
        source.breakers.setListener(status.breakerListener());
        status.start();
        await(() -> platform.isRegistered(ObjectNames.agent()), "Agent bean registered");
    }

    @AfterEach
    void stop() {
        source.breakers.snapshot().forEach(b -> source.breakers.release(b.host()));
        source.breakers.targetUp("db", List.of("[::1]:5432", "db:5432"));
        if (status != null) {
            status.close();
        }
        assertFalse(platform.isRegistered(ObjectNames.agent()), "beans are unregistered on close");
    }

    @Test
    void namesAreQuotedWhereObjectNameSyntaxNeedsIt() throws Exception {
        assertEquals("watchdog:type=Breaker,name=\"[::1]:5432\"", ObjectNames.breaker("[::1]:5432").toString());
        assertEquals("[::1]:5432", ObjectName.unquote(ObjectNames.breaker("[::1]:5432").getKeyProperty("name")));
        assertEquals("watchdog:type=Target,name=orders-db", ObjectNames.target("orders-db").toString());
        assertEquals("a,b=\"c\"*", ObjectName.unquote(ObjectNames.target("a,b=\"c\"*").getKeyProperty("name")));
    }

    @Test
    void beansFollowBreakersAndTargetsAndOperationsWorkInProcess() throws Exception {
        start();
        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        platform.addNotificationListener(ObjectNames.agent(), (n, handback) -> received.add(n), null, null);

        source.targets = List.of(TestSource.target("db", "UP", "", "[::1]:5432"));
        source.breakers.targetDown("db", List.of("[::1]:5432"), "Connection refused");
        ObjectName breaker = ObjectNames.breaker("[::1]:5432");
        AttributeChangeNotification n = (AttributeChangeNotification) received.poll(5, TimeUnit.SECONDS);
        assertEquals("BreakerState", n.getAttributeName());
        assertEquals("CLOSED", n.getOldValue());
        assertEquals("OPEN", n.getNewValue());
        assertEquals("[::1]:5432", n.getUserData());
        assertTrue(platform.isRegistered(breaker));
        assertEquals("OPEN", platform.getAttribute(breaker, "State"));
        assertEquals("target db is DOWN: Connection refused", platform.getAttribute(breaker, "LastFailure"));

        await(() -> platform.isRegistered(ObjectNames.target("db")), "target bean registered by the sync");
        assertEquals("UP", platform.getAttribute(ObjectNames.target("db"), "Health"));
        assertEquals(4L, platform.getAttribute(ObjectNames.target("db"), "ProbesSkipped"));
        assertArrayEquals(new String[] {"[::1]:5432"}, (String[]) platform.getAttribute(ObjectNames.target("db"), "Hosts"));
        source.targets = List.of(TestSource.target("db", "DOWN", "Connection refused", "[::1]:5432"));
        AttributeChangeNotification health = (AttributeChangeNotification) received.poll(5, TimeUnit.SECONDS);
        assertEquals("TargetHealth", health.getAttributeName());
        assertEquals("DOWN", health.getNewValue());

        AgentMXBean agent = JMX.newMXBeanProxy(platform, ObjectNames.agent(), AgentMXBean.class);
        assertEquals("[::1]:5432 OPEN -> FORCED_CLOSED", agent.forceClosed("[::1]:5432"));
        assertFalse(OpenHosts.isOpen("[::1]:5432"));
        assertEquals("rechecked db", agent.recheck("db"));
        assertEquals("abc123", agent.getConfigHash());

        source.targets = List.of();
        await(() -> !platform.isRegistered(ObjectNames.target("db")), "target bean unregistered when the target goes");

        source.files.add(new FileStatus("/etc/watchdog.properties", "abc123", null, false, 2));
        CompositeData[] files = (CompositeData[]) platform.getAttribute(ObjectNames.files(), "Files");
        assertEquals(2L, files[0].get("changes"));
        assertEquals(Double.NaN, platform.getAttribute(ObjectNames.resources(), "CpuRatio"));
        assertEquals(Map.of().size(), ((javax.management.openmbean.TabularData)
                platform.getAttribute(ObjectNames.resources(), "Details")).size());
    }

    @Test
    void readAndOperateThroughARealRmiConnector() throws Exception {
        start();
        source.breakers.targetDown("db", List.of("db:5432"), "Connection refused");
        await(() -> platform.isRegistered(ObjectNames.breaker("db:5432")), "breaker bean");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, platform);
        server.start();
        try (JMXConnector connector = JMXConnectorFactory.connect(server.getAddress())) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            ObjectName breaker = ObjectNames.breaker("db:5432");
            assertEquals("OPEN", remote.getAttribute(breaker, "State"));
            BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
            remote.addNotificationListener(breaker, (n, handback) -> received.add(n), null, null);

            Object result = remote.invoke(ObjectNames.agent(), "forceOpen", new Object[] {"db:5432"},
                    new String[] {String.class.getName()});
            assertEquals("db:5432 OPEN -> FORCED_OPEN", result);
            AttributeChangeNotification n = (AttributeChangeNotification) received.poll(10, TimeUnit.SECONDS);
            assertEquals("State", n.getAttributeName());
            assertEquals("FORCED_OPEN", n.getNewValue());

            source.breakers.targetUp("db", List.of("db:5432"));
            assertEquals("FORCED_OPEN", remote.getAttribute(breaker, "State"), "forced state survives an UP verdict");
            assertEquals("db:5432 FORCED_OPEN -> CLOSED", remote.invoke(breaker, "release", null, null));
            assertEquals(Boolean.FALSE, remote.getAttribute(breaker, "Open"));
        } finally {
            server.stop();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
