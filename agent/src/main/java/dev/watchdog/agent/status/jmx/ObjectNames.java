package dev.watchdog.agent.status.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The agent's MBean names, domain {@code watchdog}. Values are quoted when ObjectName syntax needs it. */
public final class ObjectNames {

    public static final String DOMAIN = "watchdog";

    private ObjectNames() {
    }

    public static ObjectName agent() {
        return name("type=Agent");
    }

    public static ObjectName resources() {
        return name("type=Resources");
    }

    public static ObjectName fleet() {
        return name("type=Fleet");
    }

    public static ObjectName files() {
        return name("type=Files");
    }

    /** {@code watchdog:type=Breaker,name="[::1]:5432"}: a host key always holds ':', so it is always quoted. */
    public static ObjectName breaker(String host) {
        return name("type=Breaker,name=" + value(host));
    }

    public static ObjectName target(String target) {
        return name("type=Target,name=" + value(target));
    }

    /** A property value as is when ObjectName allows it unquoted, else {@link ObjectName#quote}d. */
    static String value(String s) {
        if (s.isEmpty()) {
            return ObjectName.quote(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n' || c == '\\') {
                return ObjectName.quote(s);
            }
        }
        return s;
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
