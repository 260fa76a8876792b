package dev.watchdog.testapps.harden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.loaders.ChildFirstJdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import dev.watchdog.testapps.support.Children;
import dev.watchdog.testapps.support.ClassPaths;
import dev.watchdog.testapps.support.FailFast;
import dev.watchdog.testapps.support.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's driver inside a web-container-style child-first class loader (not on the class path, not
 * visible to DriverManager, called through {@code Driver.connect}) is still instrumented: the agent
 * rejects its connect to a DOWN database (health-checked over TCP) with the documented
 * SQLTransientConnectionException.
 */
class ChildFirstLoaderTest {

    @TempDir
    Path dir;

    @Test
    void driverInAChildFirstLoaderIsStillRejected() throws Exception {
        assertRejected(proxy -> "tcp://" + proxy.hostPort());
    }

    /**
     * The same with a {@code jdbc:} health check: the driver is on no class path the agent can see,
     * so the check uses the driver instance the application was seen connecting through.
     */
    @Test
    void jdbcCheckWithTheDriverOnlyInAChildFirstLoader() throws Exception {
        assertRejected(proxy -> H2TcpServer.url(proxy.port(), "webapp"));
    }

    private void assertRejected(Function<TcpProxy, String> check) throws Exception {
        try (H2TcpServer h2 = H2TcpServer.start(); TcpProxy proxy = new TcpProxy(h2.port())) {
            proxy.refuse();
            String url = H2TcpServer.url(proxy.port(), "webapp");
            Path config = WatchdogConfig.fast().target("db", check.apply(proxy)).write(dir);
            Path h2Jar = ClassPaths.locationOf(org.h2.Driver.class);
            try (ChildJvm app = Children.withAgent(ChildFirstJdbcApp.class, config)
                    .classPath(ClassPaths.join(List.of(ClassPaths.testAppsClasses())))
                    .args(h2Jar, "org.h2.Driver", url, 20).start()) {
                FailFast.assertCleanExit(app);
                String out = app.describe();
                assertTrue(app.stdout().stream().anyMatch(l -> l.text().equals("DRIVER org.h2.Driver loader=webapp")),
                        "the driver must come from the child-first loader\n" + out);
                assertTrue(app.stdout().stream().anyMatch(l -> l.text().equals("DRIVERMANAGER sees=false")),
                        "DriverManager must not see the web app's driver\n" + out);
                assertTrue(CallLine.all(app).stream().anyMatch(c -> c.isRejection("SQLTransientConnectionException", proxy.hostPort())),
                        "the agent did not reject the web app's connect to the DOWN database\n" + out);
            }
        }
    }
}
