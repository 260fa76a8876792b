package dev.watchdog.agent.health;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.watchdog.bootstrap.JdbcDrivers;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JDBC check uses a driver only a web application's loader has (found through the drivers the
 * application connected through) and does not keep it: the application redeployed, its loader is collected.
 */
class JdbcCheckDriverLeakTest {

    @Test
    void aDriverOfAnApplicationsLoaderDoesNotKeepTheLoaderAlive() throws Exception {
        JdbcCheck check = new JdbcCheck(ThrowawayDriver.URL, "sa", "", null);
        WeakReference<ClassLoader> loader = useDriverOfThrowawayLoader(check);

        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "the check keeps the redeployed application's class loader alive");
        assertThrows(JdbcCheck.NoDriverException.class, () -> check.run(Duration.ofSeconds(1)),
                "the driver is gone with its loader: the check looks again, and finds none");
    }

    /** In a method of its own: nothing of the loader stays on the test's stack. */
    private static WeakReference<ClassLoader> useDriverOfThrowawayLoader(JdbcCheck check) throws Exception {
        URL testClasses = ThrowawayDriver.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader webapp = new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader());
        Class<?> driverClass = webapp.loadClass(ThrowawayDriver.class.getName());
        assertNotSame(ThrowawayDriver.class, driverClass, "loaded by the throwaway loader");
        Object driver = driverClass.getDeclaredConstructor().newInstance();
        JdbcDrivers.seen(driver);   // the application connected through it: what Driver#connect's advice records

        check.run(Duration.ofSeconds(1));
        check.run(Duration.ofSeconds(1));   // the second check reuses what the first found
        webapp.close();
        return new WeakReference<>(webapp);
    }
}
