package dev.watchdog.bootstrap;

import java.lang.reflect.Method;

/**
 * The JDBC URL of a pool or data source, read through the first public no-argument getter among
 * {@code getJdbcUrl} (HikariCP), {@code getUrl} and {@code getURL} (pgjdbc's, MariaDB's data sources);
 * null when it has none. Reflection: only on the open path, or by the agent.
 */
public final class PoolUrls {

    private static final String[] GETTERS = {"getJdbcUrl", "getUrl", "getURL"};

    private PoolUrls() {
    }

    public static String of(Object dataSource) {
        for (String name : GETTERS) {
            try {
                Method getter = dataSource.getClass().getMethod(name);
                if (getter.getReturnType() == String.class) {
                    String url = (String) getter.invoke(dataSource);
                    if (url != null) {
                        return url;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException absentOrInaccessible) {
                // try the next getter
            }
        }
        return null;
    }
}
