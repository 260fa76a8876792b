package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDBC URL of a pool or data source, read through the first of its public no-argument String getters
 * {@code getJdbcUrl} (HikariCP), {@code getUrl} and {@code getURL} (pgjdbc's, MariaDB's data sources) that
 * gives one; null when none does. The getters are looked up once per class (a ClassValue: it does not
 * keep the class's loader alive), a class without any remembered as such: a call costs the getter itself.
 */
public final class PoolUrls {

    private static final String[] GETTERS = {"getJdbcUrl", "getUrl", "getURL"};
    private static final MethodType AS_CALLED = MethodType.methodType(String.class, Object.class);

    private static final ClassValue<MethodHandle[]> URL_GETTERS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            return getters(type);
        }
    };

    private PoolUrls() {
    }

    public static String of(Object dataSource) {
        if (dataSource == null) {
            return null;
        }
        for (MethodHandle getter : URL_GETTERS.get(dataSource.getClass())) {
            try {
                String url = (String) getter.invokeExact(dataSource);
                if (url != null) {
                    return url;
                }
            } catch (Throwable failed) {
                // the data source's own problem: try the next getter
            }
        }
        return null;
    }

    private static MethodHandle[] getters(Class<?> type) {
        List<MethodHandle> found = new ArrayList<>(GETTERS.length);
        for (String name : GETTERS) {
            try {
                Method getter = type.getMethod(name);
                if (getter.getReturnType() == String.class) {
                    found.add(MethodHandles.publicLookup().unreflect(getter).asType(AS_CALLED));
                }
            } catch (ReflectiveOperationException | RuntimeException absentOrInaccessible) {
                // try the next name
            }
        }
        return found.toArray(new MethodHandle[0]);
    }
}
