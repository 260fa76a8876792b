package dev.watchdog.testapps.faults;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver with a bug: {@code connect} throws a RuntimeException for its URLs
 * ({@code jdbc:throwing://host:port/x}). Registered through META-INF/services, so an agent check
 * on such a URL meets an exception no well-behaved driver throws.
 */
public final class ThrowingDriver implements Driver {

    public static final String PREFIX = "jdbc:throwing:";

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        throw new IllegalStateException("ThrowingDriver: a driver bug");
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("throwing");
    }
}
