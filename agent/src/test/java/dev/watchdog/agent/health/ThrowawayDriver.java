package dev.watchdog.agent.health;

import dev.watchdog.agent.instrument.jdbc.DriverStub;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Properties;

/**
 * Test support: a driver for {@code jdbc:throwaway:} URLs whose connections are always valid, loaded by
 * {@link JdbcCheckDriverLeakTest} from a class loader of its own (with {@link DriverStub}), as a web
 * application's driver is. It does not register itself with DriverManager (which would keep it).
 */
public final class ThrowawayDriver extends DriverStub {

    static final String URL = "jdbc:throwaway:db";

    public ThrowawayDriver() {
        super("jdbc:throwaway:");
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        return (Connection) Proxy.newProxyInstance(ThrowawayDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isValid" -> true;
                    case "isClosed" -> false;
                    default -> null;   // close, setNetworkTimeout...
                });
    }
}
