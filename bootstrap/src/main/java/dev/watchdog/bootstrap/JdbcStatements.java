package dev.watchdog.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The statement advice's slow path, out of line. The advice inlined into every {@code Statement#execute*}
 * is a volatile read ({@link #watched()}) and, only when it says so, a call to {@link #enter}: the
 * instrumented method grows by a few bytes instead of the whole lookup, so the JIT inlines it where it
 * inlined the driver's own (C2 inlines a hot callee of up to 325 bytes of bytecode, FreqInlineSize; H2's
 * {@code executeQuery} is 230 bytes, with the lookup inlined it was 429).
 *
 * <p>This class lives on the bootstrap loader, which does not see {@code java.sql} (the platform
 * loader's module): the three JDBC calls of the slow path are MethodHandles found once, on first use.
 */
public final class JdbcStatements {

    private JdbcStatements() {
    }

    /** The hot-path test: true while some breaker is open or some host in doubt ({@link Evidence}). */
    public static boolean watched() {
        return Gate.anyOpen() || Evidence.any();
    }

    /**
     * Before a statement runs, while {@link #watched()}: throws the rejection (a
     * {@code SQLTransientConnectionException}, SQLState 08001) when every host of the statement's connection
     * is open; else returns an {@link Evidence} token for {@link #succeeded} (null when no host is in doubt).
     * Nothing else leaves this method: its own failures are reported and the statement goes on.
     *
     * <p>The connection's URL was recorded when it was opened ({@link ConnectionUrls}): the driver is
     * asked {@code Statement#getConnection} (a field in every driver and pool, no I/O; MySQL's takes the
     * connection's own lock, which the statement takes anyway; a pool's statement reports its proxy,
     * recorded at checkout). A connection not seen opened (before a late attach, or evicted from the bounded
     * table) is asked once, {@code getMetaData().getURL()} (local in the common drivers, but a dead session
     * may refuse it), and the answer remembered.
     */
    public static Object enter(Object statement) {
        Throwable rejection;
        try {
            Object connection;
            try {
                connection = (Object) Jdbc.GET_CONNECTION.invokeExact(statement);
            } catch (Throwable closed) {
                return null;   // the driver's own call will report a closed statement
            }
            String url = ConnectionUrls.urlOf(connection);
            if (url == null) {
                try {
                    url = (String) Jdbc.URL_OF_CONNECTION.invokeExact(connection);
                } catch (Throwable closedOrUnsupported) {
                    return null;   // the driver's own call will report a closed connection
                }
                ConnectionUrls.opened(connection, url);
            }
            String message = Gate.rejectJdbcUrl(url, false);
            if (message == null) {
                return Evidence.start(Gate.hostsOfJdbcUrl(url));
            }
            rejection = (Throwable) Jdbc.TRANSIENT_CONNECTION.invokeExact(message, "08001");
        } catch (Throwable own) {
            Gate.adviceFailed(own);
            return null;
        }
        throw JdbcStatements.<RuntimeException>rethrow(rejection);
    }

    /** After a statement that {@link #enter} gave a token returned normally: evidence that its hosts answer. */
    public static void succeeded(Object token) {
        try {
            Evidence.succeeded(token);
        } catch (Throwable own) {
            Gate.adviceFailed(own);
        }
    }

    /** Throws a checked exception (an SQLException, which this class cannot name) from a method that declares none. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /** The JDBC calls, found on first use (never on the closed path). */
    private static final class Jdbc {
        static final MethodHandle GET_CONNECTION;
        static final MethodHandle URL_OF_CONNECTION;
        static final MethodHandle TRANSIENT_CONNECTION;

        static {
            try {
                ClassLoader platform = ClassLoader.getPlatformClassLoader();
                Class<?> statement = Class.forName("java.sql.Statement", false, platform);
                Class<?> connection = Class.forName("java.sql.Connection", false, platform);
                Class<?> metaData = Class.forName("java.sql.DatabaseMetaData", false, platform);
                Class<?> exception = Class.forName("java.sql.SQLTransientConnectionException", false, platform);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                GET_CONNECTION = lookup.findVirtual(statement, "getConnection", MethodType.methodType(connection))
                        .asType(MethodType.methodType(Object.class, Object.class));
                MethodHandle getMetaData = lookup.findVirtual(connection, "getMetaData", MethodType.methodType(metaData));
                MethodHandle getUrl = lookup.findVirtual(metaData, "getURL", MethodType.methodType(String.class));
                URL_OF_CONNECTION = MethodHandles.filterReturnValue(getMetaData, getUrl)
                        .asType(MethodType.methodType(String.class, Object.class));
                TRANSIENT_CONNECTION = lookup.findConstructor(exception,
                                MethodType.methodType(void.class, String.class, String.class))
                        .asType(MethodType.methodType(Throwable.class, String.class, String.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("java.sql is not in this runtime", e);
            }
        }
    }
}
