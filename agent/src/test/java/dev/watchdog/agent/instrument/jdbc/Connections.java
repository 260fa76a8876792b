package dev.watchdog.agent.instrument.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** Test support: connection stand-ins that count how often the driver is asked for metadata. */
public final class Connections {

    /** The statements' connection: a static, since the advised statement is a copy in a loader of its own. */
    public static volatile Connection current;
    public static final AtomicInteger metaDataCalls = new AtomicInteger();

    private Connections() {
    }

    /** A connection to a dead server: every question fails, as H2's does once its session broke. */
    public static Connection dead() {
        return (Connection) Proxy.newProxyInstance(Connections.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getMetaData")) {
                        metaDataCalls.incrementAndGet();
                    }
                    throw new SQLException("Connection is broken: \"session closed\"", "08006");
                });
    }

    /** A live connection whose metadata names {@code url}. */
    public static Connection live(String url) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(Connections.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> method.getName().equals("getURL") ? url : null);
        return (Connection) Proxy.newProxyInstance(Connections.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getMetaData")) {
                        metaDataCalls.incrementAndGet();
                        return metaData;
                    }
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : null;
                });
    }
}
