package dev.watchdog.agent.instrument;

import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version of the library a class comes from, as its jar tells it: the package's implementation
 * version when the package is defined, else the jar's manifest, else its Maven pom.properties. JDK
 * classes have the JDK's version. Read only when a type fails to instrument: nothing here is cached.
 */
public final class LibraryVersion {

    static final String UNKNOWN = "unknown";

    private LibraryVersion() {
    }

    /** @param loader the class's loader, null for the boot loader; the class itself need not be loaded */
    public static String of(String typeName, ClassLoader loader) {
        try {
            int dot = typeName.lastIndexOf('.');
            Package pkg = loader == null || dot < 0 ? null : loader.getDefinedPackage(typeName.substring(0, dot));
            if (pkg != null && pkg.getImplementationVersion() != null) {
                return pkg.getImplementationVersion();
            }
            String path = typeName.replace('.', '/') + ".class";
            URL url = loader == null ? ClassLoader.getSystemClassLoader().getResource(path) : loader.getResource(path);
            if (url != null && "jrt".equals(url.getProtocol())) {
                return Runtime.version().toString();
            }
            URLConnection connection = url == null ? null : url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                jar.setUseCaches(false);   // a jar file of our own, closed here; never the class loader's
                try (JarFile file = jar.getJarFile()) {
                    return ofJar(file);
                }
            }
        } catch (Exception | LinkageError e) {
            // no version is no reason to fail the report
        }
        return UNKNOWN;
    }

    private static String ofJar(JarFile jar) throws Exception {
        Manifest manifest = jar.getManifest();
        if (manifest != null) {
            for (String name : new String[] {"Implementation-Version", "Bundle-Version"}) {
                String version = manifest.getMainAttributes().getValue(new Attributes.Name(name));
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
        }
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                Properties pom = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    pom.load(in);
                }
                if (pom.getProperty("version") != null) {
                    return pom.getProperty("version");
                }
            }
        }
        return UNKNOWN;
    }
}
