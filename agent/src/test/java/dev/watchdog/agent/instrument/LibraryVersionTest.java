package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing type's version comes from its jar: the manifest, else Maven's pom.properties; the JDK's for JDK classes. */
class LibraryVersionTest {

    private static final String TYPE = "com.example.lib.Client";

    @TempDir
    Path dir;

    @Test
    void theManifestsImplementationVersionFirstThenItsBundleVersion() throws Exception {
        assertEquals("1.2.3", versionIn(jar(Map.of("Implementation-Version", "1.2.3", "Bundle-Version", "9"), null)));
        assertEquals("2.0.1", versionIn(jar(Map.of("Bundle-Version", "2.0.1"), "version=9\n")));
    }

    @Test
    void mavensPomPropertiesWhenTheManifestHasNone() throws Exception {
        assertEquals("4.5.6", versionIn(jar(Map.of(), "groupId=com.example\nartifactId=lib\nversion=4.5.6\n")));
    }

    @Test
    void unknownWhenTheJarSaysNothingOrTheClassIsNowhere() throws Exception {
        assertEquals("unknown", versionIn(jar(Map.of(), null)));
        assertEquals("unknown", LibraryVersion.of("com.example.Missing", getClass().getClassLoader()));
    }

    @Test
    void jdkClassesHaveTheJdksVersion() {
        assertEquals(Runtime.version().toString(), LibraryVersion.of("java.net.Socket", null));
    }

    /** A loaded library's package tells its own version (H2 is loaded by this test). */
    @Test
    void aDefinedPackageTellsItsImplementationVersion() {
        String expected = org.h2.Driver.class.getPackage().getImplementationVersion();
        assertEquals(expected, LibraryVersion.of("org.h2.Driver", org.h2.Driver.class.getClassLoader()));
        assertTrue(expected.matches("\\d+\\.\\d+\\.\\d+"), expected);
    }

    private static String versionIn(Path jar) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            return LibraryVersion.of(TYPE, loader);
        }
    }

    /** A jar holding the class file (its content does not matter: it is never loaded). */
    private Path jar(Map<String, String> manifestAttributes, String pomProperties) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifestAttributes.forEach((k, v) -> manifest.getMainAttributes().put(new Attributes.Name(k), v));
        Path jar = Files.createTempFile(dir, "lib", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(TYPE.replace('.', '/') + ".class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            if (pomProperties != null) {
                out.putNextEntry(new JarEntry("META-INF/maven/com.example/lib/pom.properties"));
                out.write(pomProperties.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return jar;
    }
}
