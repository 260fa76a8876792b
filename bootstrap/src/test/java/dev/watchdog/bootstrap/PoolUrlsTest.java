package dev.watchdog.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** A pool's URL through its getters, found once per class; the cache keeps no class loader alive. */
class PoolUrlsTest {

    public static class HikariLike {
        public String getJdbcUrl() {
            return "jdbc:postgresql://hikari:5432/app";
        }
    }

    /** Configured with a data source instead of a URL: its getJdbcUrl is null, its getUrl answers. */
    public static class JdbcUrlUnset extends HikariLike {
        @Override
        public String getJdbcUrl() {
            return null;
        }

        public String getUrl() {
            return "jdbc:mariadb://maria:3306/app";
        }
    }

    public static class ThrowingGetter {
        public String getURL() {
            throw new IllegalStateException("not configured");
        }
    }

    public static class NoUrl {
        public Object getUrl() {
            return "not a String getter";
        }
    }

    @Test
    void theFirstGetterGivingAUrlWins() {
        assertEquals("jdbc:postgresql://hikari:5432/app", PoolUrls.of(new HikariLike()));
        assertEquals("jdbc:mariadb://maria:3306/app", PoolUrls.of(new JdbcUrlUnset()));
        assertEquals("jdbc:postgresql://hikari:5432/app", PoolUrls.of(new HikariLike()), "each class has its own getters");
    }

    @Test
    void noUrlIsNull() {
        assertNull(PoolUrls.of(new NoUrl()));
        assertNull(PoolUrls.of(new NoUrl()), "remembered as having none");
        assertNull(PoolUrls.of(new ThrowingGetter()));
        assertNull(PoolUrls.of(null));
    }

    @Test
    void aClassReadOnceDoesNotKeepItsLoaderAlive() throws Exception {
        WeakReference<ClassLoader> loader = readUrlOfAClassOfItsOwnLoader();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "the getter cache keeps a redeployed application's loader alive");
    }

    private static WeakReference<ClassLoader> readUrlOfAClassOfItsOwnLoader() throws Exception {
        ClassLoader webapp = new OwnCopy(HikariLike.class);
        Object pool = webapp.loadClass(HikariLike.class.getName()).getDeclaredConstructor().newInstance();
        assertEquals("jdbc:postgresql://hikari:5432/app", PoolUrls.of(pool));
        return new WeakReference<>(webapp);
    }

    /** Defines its own copy of one class, as a web application's loader does. */
    private static final class OwnCopy extends ClassLoader {
        private final Class<?> original;

        OwnCopy(Class<?> original) {
            super(PoolUrlsTest.class.getClassLoader());
            this.original = original;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(original.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = original.getResourceAsStream(original.getName().substring(original.getName().lastIndexOf('.') + 1) + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
