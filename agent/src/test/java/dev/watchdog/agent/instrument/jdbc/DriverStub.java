package dev.watchdog.agent.instrument.jdbc;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/** Test support: a driver for URLs beginning with a prefix, version 1.0; stand-ins give {@code connect}. */
public abstract class DriverStub implements Driver {

    private final String prefix;

    protected DriverStub(String prefix) {
        this.prefix = prefix;
    }

    @Override public boolean acceptsURL(String url) { return url != null && url.startsWith(prefix); }
    @Override public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
    @Override public int getMajorVersion() { return 1; }
    @Override public int getMinorVersion() { return 0; }
    @Override public boolean jdbcCompliant() { return false; }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
}
