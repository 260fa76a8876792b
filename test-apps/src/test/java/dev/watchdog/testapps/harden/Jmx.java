package dev.watchdog.testapps.harden;

import dev.watchdog.testapps.process.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A child's platform MBean server over an unauthenticated loopback RMI connector (tests only). */
final class Jmx {

    private Jmx() {
    }

    /** JMX remote on {@code port} (RMI on the same port: no second, random port), loopback, no auth. */
    static void remote(ChildJvm.Builder builder, int port) {
        builder.jvmOption("-Dcom.sun.management.jmxremote.port=" + port)
                .jvmOption("-Dcom.sun.management.jmxremote.rmi.port=" + port)
                .jvmOption("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                .jvmOption("-Djava.rmi.server.hostname=127.0.0.1")
                .jvmOption("-Dcom.sun.management.jmxremote.authenticate=false")
                .jvmOption("-Dcom.sun.management.jmxremote.ssl=false");
    }

    static JMXConnector connect(int port) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"));
    }

    /** {@code name attribute=value} for every readable attribute of every {@code watchdog:*} MBean. */
    static String allWatchdogAttributes(int port) throws Exception {
        List<String> out = new ArrayList<>();
        try (JMXConnector c = connect(port)) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            Set<ObjectName> names = new TreeSet<>(server.queryNames(new ObjectName("watchdog:*"), null));
            for (ObjectName name : names) {
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    if (!a.isReadable()) {
                        continue;
                    }
                    Object value;
                    try {
                        value = server.getAttribute(name, a.getName());
                    } catch (Exception e) {
                        value = "<" + e + ">";
                    }
                    out.add(name + " " + a.getName() + "=" + deep(value));
                }
            }
        }
        return String.join("\n", out);
    }

    private static String deep(Object value) {
        if (value instanceof Object[] array) {
            List<String> parts = new ArrayList<>();
            for (Object o : array) {
                parts.add(deep(o));
            }
            return parts.toString();
        }
        return String.valueOf(value);   // CompositeData and TabularData print their contents
    }
}
